extension SigV4Signer {
    /// The points where services, and the published test vectors, differ in how SigV4 is applied.
    ///
    /// ``s3`` is what S3 and S3-compatible endpoints expect; ``generic`` is the rule of every other
    /// AWS service, kept so the signer can be checked against the whole AWS test suite.
    public struct Options: Sendable, Hashable {
        /// How the request path becomes the canonical URI.
        public var pathStyle: PathStyle
        /// Whether ``SigV4Signer/sign(_:at:payloadHash:)`` sets (and so signs)
        /// `x-amz-content-sha256` to the payload hash. S3 requires the header; other services do not
        /// use it.
        public var sendsContentSHA256: Bool
        /// How the parts of the `Authorization` value are separated.
        public var authorizationStyle: AuthorizationStyle

        /// Creates options; the defaults are those of ``s3``.
        public init(pathStyle: PathStyle = .s3, sendsContentSHA256: Bool = true,
                    authorizationStyle: AuthorizationStyle = .spaced) {
            self.pathStyle = pathStyle
            self.sendsContentSHA256 = sendsContentSHA256
            self.authorizationStyle = authorizationStyle
        }

        /// S3: the path is signed as sent, `x-amz-content-sha256` is sent and signed.
        public static let s3 = Options()

        /// Other AWS services: the path is normalized and encoded again; no `x-amz-content-sha256`.
        public static let generic = Options(pathStyle: .generic, sendsContentSHA256: false)
    }

    /// How the request path (already URI-encoded once, as sent) becomes the canonical URI.
    public enum PathStyle: Sendable, Hashable {
        /// S3: exactly the path as sent. `//`, `.` and `..` segments are kept (they are part of
        /// object keys), and nothing is encoded a second time. An empty path is `/`.
        case s3
        /// Every other service: `.` and `..` segments are resolved and empty segments dropped
        /// (RFC 3986 dot-segment removal, trailing `/` kept), then each segment is URI-encoded
        /// once more, so an encoded path ends up encoded twice.
        case generic
    }

    /// The separator between `Credential=…`, `SignedHeaders=…` and `Signature=…`.
    ///
    /// Services accept both. The AWS SDKs send ``spaced``, which is therefore what S3-compatible
    /// servers are tested against; the S3 API Reference prints ``compact``.
    public enum AuthorizationStyle: Sendable, Hashable {
        /// `, ` (a comma and a space), as the AWS SDKs and the AWS test suite write it.
        case spaced
        /// `,` alone, as the examples of the S3 API Reference write it.
        case compact

        var separator: String {
            switch self {
            case .spaced: ", "
            case .compact: ","
            }
        }
    }
}
