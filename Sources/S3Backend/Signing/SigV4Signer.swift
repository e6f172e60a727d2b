import CurlHTTP
import FoundationEssentials

/// Signs requests with AWS Signature Version 4, the way S3 checks them.
///
/// A signer is a plain value: the same request, date and payload hash always give the same
/// signature, and nothing is read from the environment or the clock. The signing key (four of the
/// five HMACs of a signature) is derived afresh for each request, except by the signers a store
/// makes with its ``SigV4KeyCache``, which keep the day's key: on a loopback download of small
/// objects, deriving it was about 0.6% of the CPU time.
///
/// The request's ``CurlHTTP/HTTPRequest/path`` must be URI-encoded exactly once, as it is sent
/// (`URIEncoding.encode(key, keepingSlashes: true)` for an object key); its query parameters are
/// raw and are encoded here the same way ``CurlHTTP/HTTPRequest/url`` encodes them. Every header
/// in the request is signed, along with `host`: set the headers that matter (`Range`,
/// `If-Match`, ...) before signing, and let the HTTP layer add only unsigned ones afterwards.
///
/// The ``canonicalRequest(for:at:payloadHash:)``, ``stringToSign(for:at:payloadHash:)``,
/// ``signature(for:at:payloadHash:)`` and ``authorization(for:at:payloadHash:)`` functions show
/// the steps of ``sign(_:at:payloadHash:)`` for the same inputs: each works on the request as
/// `sign` completes it (with `x-amz-date`, `x-amz-content-sha256` and `x-amz-security-token`).
public struct SigV4Signer: Sendable {
    /// The name of the signing algorithm, first in the string to sign and the `Authorization` value.
    public static let algorithm = "AWS4-HMAC-SHA256"
    /// The SHA-256 of no bytes: the payload hash of every request without a body.
    public static let emptyPayloadSHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// The key pair (and session token) that signs.
    public let credentials: AWSCredentials
    /// The region of the endpoint, such as `us-east-1`.
    public let region: String
    /// The service name in the credential scope: `s3`.
    public let service: String
    /// Where the service's rules differ from S3's; ``Options/s3`` unless testing.
    public let options: Options
    /// Where the day's signing key is kept between signers (a store's); `nil` derives it each time.
    let keyCache: SigV4KeyCache?

    /// Creates a signer.
    /// - Parameters:
    ///   - credentials: The key pair; with a session token, every request carries and signs it.
    ///   - region: The endpoint's region (`us-east-1` for most S3-compatible servers).
    ///   - service: The service name of the credential scope.
    ///   - options: How the service applies SigV4.
    public init(credentials: AWSCredentials, region: String, service: String = "s3", options: Options = .s3) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.options = options
        self.keyCache = nil
    }

    /// A signer that takes the day's signing key from `keyCache` (deriving it on a miss), so that a
    /// store's requests do not each chain four HMACs for the same key.
    init(credentials: AWSCredentials, region: String, keyCache: SigV4KeyCache) {
        self.credentials = credentials
        self.region = region
        self.service = "s3"
        self.options = .s3
        self.keyCache = keyCache
    }

    /// Adds `x-amz-date`, `x-amz-content-sha256` (S3), `x-amz-security-token` (temporary
    /// credentials) and `Authorization` to `request`, replacing any earlier ones, so signing again
    /// (for a retry) is safe.
    /// - Parameters:
    ///   - request: The request to sign, complete except for those headers.
    ///   - date: The signing time; S3 refuses requests more than 15 minutes off its clock.
    ///   - payloadHash: The lower-case hex SHA-256 of the body, ``emptyPayloadSHA256`` for no
    ///     body.
    public func sign(_ request: inout HTTPRequest, at date: Date, payloadHash: String) {
        let signing = signing(request, at: date, payloadHash: payloadHash)
        request = signing.request
        request.setHeader("Authorization", authorization(of: signing))
    }

    /// The canonical request (SigV4 task 1) that ``sign(_:at:payloadHash:)`` would sign.
    public func canonicalRequest(for request: HTTPRequest, at date: Date, payloadHash: String) -> String {
        signing(request, at: date, payloadHash: payloadHash).canonicalRequest.text
    }

    /// The string to sign (SigV4 task 2) that ``sign(_:at:payloadHash:)`` would sign.
    public func stringToSign(for request: HTTPRequest, at date: Date, payloadHash: String) -> String {
        signing(request, at: date, payloadHash: payloadHash).stringToSign
    }

    /// The signature (SigV4 task 3), 64 lower-case hex digits.
    public func signature(for request: HTTPRequest, at date: Date, payloadHash: String) -> String {
        signing(request, at: date, payloadHash: payloadHash).signature
    }

    /// The `Authorization` header value that ``sign(_:at:payloadHash:)`` would set.
    public func authorization(for request: HTTPRequest, at date: Date, payloadHash: String) -> String {
        authorization(of: signing(request, at: date, payloadHash: payloadHash))
    }

    /// `date/region/service/aws4_request`, the scope the signing key is valid for.
    public func credentialScope(at date: Date) -> String {
        credentialScope(SigV4Timestamp(date))
    }

    private func authorization(of signing: Signing) -> String {
        let separator = options.authorizationStyle.separator
        return String(concatenating: Self.algorithm, " Credential=", credentials.accessKeyID, "/", signing.scope,
                      separator, "SignedHeaders=", signing.canonicalRequest.signedHeaders,
                      separator, "Signature=", signing.signature)
    }

    /// The request as `sign` sends it, minus `Authorization`: signing headers set, old ones gone.
    private func signing(_ request: HTTPRequest, at date: Date, payloadHash: String) -> Signing {
        let timestamp = SigV4Timestamp(date)
        var request = request
        request.headers.removeAll { $0.name.isSameHeaderName(as: "authorization") }
        request.setHeader("x-amz-date", timestamp.amzDate)
        if options.sendsContentSHA256 {
            request.setHeader("x-amz-content-sha256", payloadHash)
        }
        if let token = credentials.sessionToken {
            request.setHeader("x-amz-security-token", token)
        }
        return signing(prepared: request, timestamp: timestamp, payloadHash: payloadHash)
    }
}
