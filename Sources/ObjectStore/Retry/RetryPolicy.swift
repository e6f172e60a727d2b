/// How often and how long to wait before trying a failed operation again: the one back-off policy
/// of a run, used by the stores for requests and by the transfer for whole objects (see
/// ``RetryLoop``).
///
/// The pause before retry `n` (1 for the first) is "full jitter", as in the AWS SDKs: a random
/// duration between zero and `base x 2^(n-1)`, at most ``maximumDelay``. The base is
/// ``throttledBaseDelay`` (about a second) when the service asked to slow down, ``baseDelay``
/// otherwise. When the service said how long to wait (`Retry-After`), the pause is at least that,
/// up to ``longestRetryAfter``.
public struct RetryPolicy: Hashable, Sendable {
    /// Further attempts after the first, per request (`--retries`).
    public var retries: Int
    /// The first retry's longest pause after a failure that is not throttling.
    public var baseDelay: Duration
    /// The first retry's longest pause after throttling (503 SlowDown, 429, `Throttling*`).
    public var throttledBaseDelay: Duration
    /// The longest jittered pause.
    public var maximumDelay: Duration
    /// The longest `Retry-After` honoured; a server asking for more gets this.
    public var longestRetryAfter: Duration

    /// A policy with the AWS SDKs' standard delays: 100 ms (1 s when throttled) doubling per retry, at
    /// most 20 s.
    public init(retries: Int = 5, baseDelay: Duration = .milliseconds(100), throttledBaseDelay: Duration = .seconds(1),
                maximumDelay: Duration = .seconds(20), longestRetryAfter: Duration = .seconds(60)) {
        self.retries = max(0, retries)
        self.baseDelay = baseDelay
        self.throttledBaseDelay = throttledBaseDelay
        self.maximumDelay = maximumDelay
        self.longestRetryAfter = longestRetryAfter
    }

    /// Whether a failure may be tried again as retry number `retry` (1 for the first), by its
    /// code's retryability and ``retries``. A checksum mismatch (`corrupt`) counts as any other
    /// transient failure: bytes damaged on the way (a proxy, a NIC, memory) come right on another
    /// attempt, and a source damaged at rest fails every one of them.
    public func allowsRetry(_ retry: Int, after error: ObjectStoreError) -> Bool {
        error.code.isRetryable && retry <= retries
    }

    /// The longest jittered pause before retry `retry` after `error`: the base doubled per earlier
    /// retry, capped at ``maximumDelay``.
    public func delayCeiling(beforeRetry retry: Int, after error: ObjectStoreError) -> Duration {
        let base = error.code == .throttled ? throttledBaseDelay : baseDelay
        let doublings = min(max(retry - 1, 0), 30)
        return min(base * (1 << doublings), maximumDelay)
    }

    /// The pause before retry `retry` after `error`, for a `fraction` drawn uniformly from 0...1: the
    /// jittered pause, or the service's `Retry-After` when that is longer.
    public func delay(beforeRetry retry: Int, after error: ObjectStoreError, fraction: Double) -> Duration {
        let jittered = delayCeiling(beforeRetry: retry, after: error) * min(max(fraction, 0), 1)
        guard let asked = error.retryAfter else { return jittered }
        return max(jittered, min(asked, longestRetryAfter))
    }
}
