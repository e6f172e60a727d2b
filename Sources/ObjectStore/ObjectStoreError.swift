/// A failure of a store operation, as a value with a stable code.
///
/// Code that reacts to errors switches on ``code`` (never on ``message``). Whether a failure is worth
/// retrying, and whether it must stop a whole transfer, are properties of the code.
public struct ObjectStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure. New codes may be added; match the ones you handle and treat others generally.
    public var code: Code
    /// One human sentence about what went wrong, without the key (which ``description`` adds).
    public var message: String
    /// The object the failure concerns, when it concerns one.
    public var key: ObjectKey?
    /// What the layer below reported: an errno, a curl code, an S3 error code.
    public var cause: Cause?
    /// How long the service asked to be left alone before the next attempt (HTTP `Retry-After`,
    /// S3's `x-amz-retry-after`), when it said.
    public var retryAfter: Duration?
    /// Whether the request got no answer in time (a timeout rather than a refusal or a reset); a
    /// retry after a timeout costs the run's ``RetryBudget`` more.
    public var timedOut = false

    /// Creates an error.
    public init(_ code: Code, _ message: String, key: ObjectKey? = nil, cause: Cause? = nil) {
        self.code = code
        self.message = message
        self.key = key
        self.cause = cause
    }

    /// `key: message (cause)`, with the key escaped for display.
    public var description: String {
        var text = ""
        if let key { text += key.displayName + ": " }
        text += message
        if let cause { text += " (\(cause))" }
        return text
    }
}

extension ObjectStoreError {
    /// A stable identifier for a kind of failure.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The object, bucket or directory does not exist.
        public static let notFound = Code(rawValue: "notFound")
        /// Permission was refused (file mode, S3 bucket or IAM policy). Credentials the service does not
        /// accept at all are ``invalidCredentials``.
        public static let accessDenied = Code(rawValue: "accessDenied")
        /// The key cannot be stored safely here (it would leave the destination, has a NUL, a `.` or
        /// `..` or empty segment, a segment over 255 bytes, or a reserved name).
        public static let invalidKey = Code(rawValue: "invalidKey")
        /// Something else already holds the name: a file where a directory is needed or the reverse,
        /// or a symbolic link that s3clone will not write through.
        public static let collision = Code(rawValue: "collision")
        /// An object appeared under the name after the plan was made and replacing was not allowed.
        public static let alreadyExists = Code(rawValue: "alreadyExists")
        /// The service asked us to slow down.
        public static let throttled = Code(rawValue: "throttled")
        /// A connection failed, timed out or broke mid-transfer.
        public static let network = Code(rawValue: "network")
        /// The bytes received are not the bytes expected (size or checksum).
        public static let corrupt = Code(rawValue: "corrupt")
        /// The source object changed while it was being copied.
        public static let sourceChanged = Code(rawValue: "sourceChanged")
        /// The destination file system is full or over quota.
        public static let noSpace = Code(rawValue: "noSpace")
        /// The destination cannot be written at all (read-only file system).
        public static let readOnly = Code(rawValue: "readOnly")
        /// The process ran out of a resource such as file descriptors; may pass.
        public static let resourceLimit = Code(rawValue: "resourceLimit")
        /// An input/output error from the operating system.
        public static let io = Code(rawValue: "io")
        /// The operation was cancelled (Ctrl-C).
        public static let cancelled = Code(rawValue: "cancelled")
        /// The store cannot do this at all (for example, writing to a read-only backend).
        public static let unsupported = Code(rawValue: "unsupported")
        /// A location, URL or option is malformed, or the service refused the request as malformed.
        public static let invalidArgument = Code(rawValue: "invalidArgument")
        /// No source of AWS credentials is configured: none of the places the credential chain
        /// looks (environment, shared files, web identity, container, instance metadata) had any.
        /// The message lists every place looked, in order. Fatal: nothing can be signed.
        public static let noCredentials = Code(rawValue: "noCredentials")
        /// A credential or configuration source is set up but unusable: half of a key pair in the
        /// environment, a requested profile that does not exist, a profile file that cannot be
        /// parsed, a failing `credential_process`, an unreadable token file, or an answer from a
        /// credential endpoint that is not what it should be. Fatal: it needs a person to fix it.
        public static let misconfigured = Code(rawValue: "misconfigured")
        /// The bucket does not exist (S3 `NoSuchBucket`). Fatal: no object of the run can be read.
        public static let bucketNotFound = Code(rawValue: "bucketNotFound")
        /// The service does not accept the credentials: an unknown access key id or a signature made
        /// with the wrong secret (S3 `InvalidAccessKeyId`, `SignatureDoesNotMatch`). Fatal: every
        /// request is signed with the same credentials.
        public static let invalidCredentials = Code(rawValue: "invalidCredentials")
        /// Temporary credentials have expired (S3 `ExpiredToken`). A backend refreshes them from their
        /// source and tries again before reporting this, so reaching a transfer it is fatal.
        public static let expiredCredentials = Code(rawValue: "expiredCredentials")
        /// The object is in an archive tier (Glacier Flexible Retrieval, Deep Archive, an
        /// Intelligent-Tiering archive tier) and must be restored before it can be read (S3
        /// `InvalidObjectState`). Not retryable: a restore takes hours and is the user's decision.
        public static let archived = Code(rawValue: "archived")
        /// A condition sent with the request did not hold (S3 `PreconditionFailed`, HTTP 412). For a
        /// download sent with `If-Match`, the object changed since it was listed; retryable like
        /// ``sourceChanged``: the whole object is fetched again, never parts of two versions.
        public static let preconditionFailed = Code(rawValue: "preconditionFailed")
        /// The bucket must be addressed in another region or at another endpoint (S3
        /// `PermanentRedirect`, `AuthorizationHeaderMalformed` naming a region). A backend follows
        /// this once itself; reaching a transfer it is fatal, since every request would be redirected.
        public static let redirect = Code(rawValue: "redirect")
        /// The local clock differs too much from the service's (S3 `RequestTimeTooSkewed`).
        /// Retryable once the signer corrects its clock offset from the server's time.
        public static let clockSkew = Code(rawValue: "clockSkew")
        /// The service failed on its side (HTTP 500, 502, 504, S3 `InternalError`); may pass.
        public static let serverError = Code(rawValue: "serverError")
        /// The requested byte range lies outside the object (HTTP 416, S3 `InvalidRange`), for
        /// example any range of an empty object. Not retryable: the request itself is wrong.
        public static let invalidRange = Code(rawValue: "invalidRange")
        /// Requests kept failing with retryable errors until the run's ``RetryBudget`` was spent:
        /// the service is down or throttling hard. Fatal: every further request would be refused
        /// too, so the transfer stops instead of hammering it. The cause is the last failure's.
        public static let unavailable = Code(rawValue: "unavailable")

        public var description: String { rawValue }

        /// Whether the same operation may succeed if tried again after a pause.
        public var isRetryable: Bool {
            switch self {
            case .throttled, .network, .corrupt, .sourceChanged, .resourceLimit, .io, .preconditionFailed, .clockSkew,
                 .serverError:
                return true
            default: return false
            }
        }

        /// Whether this failure means no further object can succeed, so a transfer should stop.
        public var isFatal: Bool { Self.fatalCodes.contains(self) }

        private static let fatalCodes: Set<Code> = [
            .noSpace, .readOnly, .noCredentials, .misconfigured, .bucketNotFound, .invalidCredentials, .expiredCredentials,
            .redirect, .unavailable,
        ]
    }

    /// What the layer below an ``ObjectStoreError`` reported.
    public struct Cause: Hashable, Sendable, CustomStringConvertible {
        /// Where the code comes from: `errno`, `curl`, `s3`, `http`.
        public var domain: String
        /// The code in that domain: `ENOSPC`, `28`, `NoSuchBucket`.
        public var code: String
        /// That layer's own words, if any.
        public var detail: String?

        public init(domain: String, code: String, detail: String? = nil) {
            self.domain = domain
            self.code = code
            self.detail = detail
        }

        public var description: String {
            if let detail { return "\(domain) \(code): \(detail)" }
            return "\(domain) \(code)"
        }
    }
}
