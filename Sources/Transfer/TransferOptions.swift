import ObjectStore

/// How a ``TransferEngine`` runs.
public struct TransferOptions: Hashable, Sendable {
    /// Copies in flight at once (`-j/--workers`); at least 1.
    public var workers: Int
    /// Further attempts after a retryable failure (`--retries`). A checksum mismatch is retried once
    /// at most, whatever this says.
    public var retries: Int
    /// The comparison policy; its `verification` also decides whether copies are checked as they stream.
    public var policy: ComparisonPolicy
    /// The first retry's longest pause; each later retry doubles it (full jitter), up to `maximumBackoff`.
    public var initialBackoff: Duration
    public var maximumBackoff: Duration
    /// Objects larger than this are read as byte ranges of this size, several at once, into the
    /// same pending object (`--part-size`), when the source reads ranges and no MD5 is being
    /// checked while streaming (that needs the bytes in order).
    public var partSize: Int64
    /// How many ranges of one large object are read at once.
    public var partsInFlight: Int

    public init(workers: Int = 100, retries: Int = 5, policy: ComparisonPolicy = ComparisonPolicy(),
                initialBackoff: Duration = .milliseconds(100), maximumBackoff: Duration = .seconds(10),
                partSize: Int64 = 32 << 20, partsInFlight: Int = 8) {
        self.workers = max(1, workers)
        self.retries = max(0, retries)
        self.policy = policy
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
        self.partSize = max(1 << 20, partSize)
        self.partsInFlight = max(1, partsInFlight)
    }

    /// The byte ranges `object` is read in: one whole range, or parts of ``partSize``.
    func parts(of object: ObjectInfo, rangedReads: Bool) -> [Range<Int64>] {
        guard rangedReads, object.size > partSize else { return [0..<object.size] }
        return stride(from: Int64(0), to: object.size, by: Int(partSize)).map { $0..<min($0 + partSize, object.size) }
    }

    /// The pause before attempt `attempt` (2 for the first retry): a random duration up to
    /// `initialBackoff * 2^(attempt-2)`, capped (the AWS SDKs' "full jitter").
    func backoff(beforeAttempt attempt: Int) -> Duration {
        let exponent = min(attempt - 2, 30)
        let ceiling = min(initialBackoff * (1 << exponent), maximumBackoff)
        let fraction = Double.random(in: 0...1)
        return ceiling * fraction
    }
}
