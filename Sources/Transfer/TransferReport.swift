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
    /// Under `--verify etag`: objects judged by size only, for want of a source MD5.
    public var unverified = 0
    public var failures: [Failure] = []
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

    public init() {}

    /// The process exit status this outcome calls for:
    /// 130 interrupted; 1 some objects failed or a fatal error stopped the run; 3 differing existing
    /// objects were reported and left untouched; 0 the destination holds every selected object.
    public var exitStatus: Int32 {
        if interrupted { return ExitStatus.interrupted }
        if fatal != nil || !failures.isEmpty { return ExitStatus.failures }
        if mismatched > 0 { return ExitStatus.mismatches }
        return ExitStatus.success
    }
}

/// The process exit statuses of s3clone, one meaning each.
public enum ExitStatus {
    /// The destination holds every selected object (copied, or already there and matching).
    public static let success: Int32 = 0
    /// Some objects failed (each reported), or a fatal error stopped the run.
    public static let failures: Int32 = 1
    /// A usage or configuration error: a bad flag, a missing source, no credentials, no bucket.
    public static let usage: Int32 = 2
    /// Finished, but existing files that differ were reported and left untouched.
    public static let mismatches: Int32 = 3
    /// Interrupted (SIGINT); running again resumes.
    public static let interrupted: Int32 = 130
}

extension ExitStatus {
    /// The status for a source that could not be opened or listed: a missing, unreadable or
    /// malformed source, a missing bucket, refused or missing credentials are configuration
    /// errors (2); anything else (a network failure, a corrupt answer) is 1.
    public static func forListingFailure(_ error: ObjectStoreError) -> Int32 {
        switch error.code {
        case .notFound, .accessDenied, .invalidArgument, .unsupported, .bucketNotFound, .invalidCredentials,
             .expiredCredentials, .redirect, .noCredentials, .misconfigured:
            return usage
        default: return failures
        }
    }
}
