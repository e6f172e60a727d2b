import CurlHTTP
import FoundationEssentials
import ObjectStore

/// An S3 error answer: the status, the headers that matter and the `<Error>` body, when there is one.
///
/// Only the elements listed here are kept. The bodies of some errors echo what the client sent:
/// `SignatureDoesNotMatch` carries `StringToSign` and `CanonicalRequest` (whose signed headers can
/// include a session token), `ExpiredToken` the token itself, `InvalidAccessKeyId` the key id. None
/// of those is read into this value, so none can reach a message or a log through it.
///
/// HEAD answers and many proxies send no body (or one that is not S3's XML): then ``code`` is `nil`
/// and the meaning comes from the status and headers alone. Turn the answer into an error with
/// ``objectStoreError(bucket:key:)``.
public struct S3ErrorResponse: Hashable, Sendable {
    /// The HTTP status (301, 400, 403, 404, 412, 416, 500, 503, ...).
    public var status: Int
    /// S3's `<Code>` (`NoSuchKey`, `SlowDown`, ...); `nil` when the answer had no S3 error body.
    public var code: String?
    /// S3's `<Message>`, one sentence meant for people.
    public var message: String?
    /// The region the bucket lives in, when the answer says: the `x-amz-bucket-region` header, else
    /// `<Region>` (AuthorizationHeaderMalformed), else the region of `<Endpoint>` (PermanentRedirect).
    public var region: String?
    /// The host to send requests for the bucket to (`<Endpoint>` of a redirect).
    public var endpoint: String?
    /// The bucket the error concerns (`<Bucket>` or `<BucketName>`).
    public var bucket: String?
    /// The key the error concerns (`<Key>`).
    public var key: String?
    /// S3's request id (`<RequestId>` or the `x-amz-request-id` header), for support cases.
    public var requestID: String?
    /// S3's extended request id (`<HostId>` or the `x-amz-id-2` header).
    public var hostID: String?
    /// S3's clock: `<ServerTime>` (sent with RequestTimeTooSkewed), else the `Date` header. A signer
    /// that is told the clock is skewed corrects its offset by `serverTime - now`.
    public var serverTime: Date?
    /// The request time S3 received (`<RequestTime>`, as written: `20251125T095500Z`).
    public var requestTime: String?
    /// How far the request time may be from S3's clock (`<MaxAllowedSkewMilliseconds>`).
    public var maxAllowedSkewMilliseconds: Int64?
    /// The object's storage class (`<StorageClass>` of InvalidObjectState: `GLACIER`, ...).
    public var storageClass: String?
    /// The Intelligent-Tiering tier (`<AccessTier>`: `ARCHIVE_ACCESS`, `DEEP_ARCHIVE_ACCESS`).
    public var accessTier: String?
    /// The range that could not be satisfied (`<RangeRequested>` of InvalidRange: `bytes=0-9`).
    public var rangeRequested: String?
    /// The object's size (`<ActualObjectSize>` of InvalidRange).
    public var actualObjectSize: Int64?
    /// The precondition that failed (`<Condition>` of PreconditionFailed: `If-Match`).
    public var condition: String?
    /// How long the service asks to wait before trying again: `x-amz-retry-after` (milliseconds),
    /// else `Retry-After` (seconds, or an HTTP date).
    public var retryAfter: Duration?

    /// Reads an error answer. Never fails: a body that is missing, empty or not an S3 `<Error>`
    /// document leaves ``code`` `nil`, and the status and headers still tell what happened.
    /// - Parameters:
    ///   - head: the status line and headers.
    ///   - body: the response body, possibly empty.
    public init(head: HTTPResponseHead, body: [UInt8] = []) {
        status = head.status
        let fields = Self.fields(of: body)
        code = fields["Code"].flatMap { $0.isEmpty ? nil : $0 }
        message = fields["Message"]
        endpoint = fields["Endpoint"]
        bucket = fields["Bucket"] ?? fields["BucketName"]
        key = fields["Key"]
        requestID = fields["RequestId"] ?? head.header("x-amz-request-id")
        hostID = fields["HostId"] ?? head.header("x-amz-id-2")
        requestTime = fields["RequestTime"]
        maxAllowedSkewMilliseconds = fields["MaxAllowedSkewMilliseconds"].flatMap { Int64($0) }
        storageClass = fields["StorageClass"]
        accessTier = fields["AccessTier"]
        rangeRequested = fields["RangeRequested"]
        actualObjectSize = fields["ActualObjectSize"].flatMap { Int64($0) }
        condition = fields["Condition"]
        serverTime = fields["ServerTime"].flatMap { S3Timestamp.parseISO8601($0) }
            ?? head.header("Date").flatMap { S3Timestamp.parseHTTPDate($0) }
        retryAfter = Self.retryAfter(amazon: head.header("x-amz-retry-after"), standard: head.header("Retry-After"))
        region = Self.nonEmpty(head.header("x-amz-bucket-region")) ?? Self.nonEmpty(fields["Region"])
            ?? endpoint.flatMap { S3EndpointRegion.region(fromHost: $0) }
    }

    /// Reads a collected error answer; see ``init(head:body:)``.
    public init(_ response: HTTPResponse) {
        self.init(head: response.head, body: response.body)
    }

    /// The elements of `<Error>` that this type keeps; everything else is skipped unread.
    static let keptElements: Set<String> = [
        "Code", "Message", "Region", "Endpoint", "Bucket", "BucketName", "Key", "RequestId", "HostId",
        "ServerTime", "RequestTime", "MaxAllowedSkewMilliseconds", "StorageClass", "AccessTier",
        "RangeRequested", "ActualObjectSize", "Condition",
    ]

    /// The kept children of `<Error>` (also inside `<ErrorResponse>`, as some S3-compatible servers
    /// send), or none when the body is not such a document.
    static func fields(of body: [UInt8]) -> [String: String] {
        guard !body.isEmpty else { return [:] }
        return body.withUnsafeBufferPointer { bytes in
            var scanner = XMLScanner(bytes: bytes, document: "S3 error response")
            var fields: [String: String] = [:]
            var text: [UInt8] = []
            do {
                guard case .start(var name)? = try scanner.next() else { return [:] }
                if scanner.name(name, is: "ErrorResponse") {
                    while true {
                        guard let token = try scanner.next(), token != .end else { return [:] }
                        guard case .start(let child) = token else { continue }
                        if scanner.name(child, is: "Error") {
                            name = child
                            break
                        }
                        try scanner.skipElement()
                    }
                }
                guard scanner.name(name, is: "Error") else { return [:] }
                while let token = try scanner.next(), token != .end {
                    guard case .start(let child) = token else { continue }
                    let element = scanner.name(child)
                    guard keptElements.contains(element) else {
                        try scanner.skipElement()
                        continue
                    }
                    try scanner.readText(into: &text)
                    fields[element] = String(decoding: text, as: UTF8.self)
                }
            } catch {
                // A body cut short or not XML: keep what was read before the damage. The status
                // still classifies the answer.
            }
            return fields
        }
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}
