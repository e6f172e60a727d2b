import ObjectStore
import Transfer

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

extension TransferReport {
    /// The process exit status this outcome calls for:
    /// 130 interrupted; 1 some objects failed or a fatal error stopped the run; 3 differing existing
    /// objects were reported and left untouched; 0 the destination holds every selected object.
    public var exitStatus: Int32 {
        if interrupted { return ExitStatus.interrupted }
        if fatal != nil || failed > 0 { return ExitStatus.failures }
        if mismatched > 0 { return ExitStatus.mismatches }
        return ExitStatus.success
    }
}

extension TransferPlan {
    /// The exit status a real run of this plan would end with, barring new failures while copying.
    public var predictedExitStatus: Int32 { tally.predictedExitStatus }
}

extension TransferPlan.Tally {
    /// The exit status a real run of a plan with these counts would end with, barring new failures.
    public var predictedExitStatus: Int32 {
        if failed > 0 { return ExitStatus.failures }
        if mismatched > 0 { return ExitStatus.mismatches }
        return ExitStatus.success
    }
}
