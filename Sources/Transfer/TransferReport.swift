import ObjectStore

/// What a transfer did, for the summary and the exit code.
public struct TransferReport: Sendable {
    /// One object that could not be copied.
    public struct Failure: Sendable, Hashable {
        public var object: ObjectInfo
        public var error: ObjectStoreError
    }

    public var copied = 0
    public var copiedBytes: Int64 = 0
    public var skipped = 0
    public var skippedBytes: Int64 = 0
    /// Existing objects that differ and were left untouched (no `--overwrite`).
    public var mismatched = 0
    /// Under `--verify etag`: existing objects judged by size only, for want of a source MD5.
    public var unverified = 0
    /// Copies by the check that verified their bytes (``IntegrityCheck/sizeOnly``: none could),
    /// counted when copies are checked against a source that keeps checksums, or under
    /// `--verify etag`; empty otherwise (a local source, `--ignore-checksum`).
    public var copiesByCheck: [IntegrityCheck: Int] = [:]
    /// Objects that could not be copied (each was reported as it happened).
    public var failed = 0
    /// The first ``failureSampleLimit`` of them, with their errors (a run where every object
    /// fails keeps a bounded list).
    public var failures: [Failure] = []
    /// How many failures ``failures`` keeps.
    public static let failureSampleLimit = 1000
    /// Objects the source no longer held when they were read: deleted since they were listed (or
    /// since the inventory was made). Not failures.
    public var vanished = 0
    /// Objects not attempted because the run stopped (interrupted, or a fatal error).
    public var notAttempted = 0
    /// The run was cancelled (Ctrl-C) before it finished.
    public var interrupted = false
    /// The error that stopped the run, when one did (a full disk, a read-only destination).
    public var fatal: ObjectStoreError?
    /// Wall time of the execution (copies, skips, reports).
    public var duration: Duration = .zero
    /// Wall time spent listing and planning before the execution; set by whoever planned.
    public var planningDuration: Duration = .zero
    /// The highest number of requests the run allowed in flight at once (the adaptive limit's peak,
    /// or the fixed `--workers`).
    public var highestConcurrency = 0
    /// How many ranges of large objects the run read at once when it ended (see ``RangeRamp``):
    /// where the width settled or had got to, or the most its objects ever had in flight when
    /// that is fewer; 0 when no object was read in ranges.
    public var rangesInFlight = 0

    public init() {}
}
