/// Who tries a retryable failure again. Each retryable code has exactly one scope, so the two
/// users of a run's ``RetryLoop`` never retry the same failure twice over.
public enum RetryScope: Hashable, Sendable {
    /// The store sends the same request again (a throttled, failed, timed-out or skewed request;
    /// a body that broke off resumes where it stopped).
    case request
    /// The transfer copies the object again from the start (the source changed, the bytes did
    /// not match their checksum, the destination failed to write).
    case object
}

extension ObjectStoreError.Code {
    /// Who retries a failure with this code; `nil` for a code that is not retryable.
    public var retryScope: RetryScope? {
        switch self {
        case .throttled, .network, .serverError, .clockSkew: return .request
        case .corrupt, .sourceChanged, .preconditionFailed, .resourceLimit, .io: return .object
        default: return nil
        }
    }
}
