import CurlHTTP
import Foundation
import ObjectStore
import S3Backend
import Testing

/// Every `error-*` fixture and the HEAD answers without a body.
struct S3ErrorFixtureTests {
    typealias Code = ObjectStoreError.Code

    /// Fixture → status, S3 code, mapped code, retryable, fatal, region.
    static let table: [(name: String, status: Int, s3Code: String, code: Code, retryable: Bool, fatal: Bool, region: String?)] = [
        ("error-AccessDenied-403", 403, "AccessDenied", .accessDenied, false, false, nil),
        ("error-AuthorizationHeaderMalformed-400", 400, "AuthorizationHeaderMalformed", .redirect, false, true, "eu-central-1"),
        ("error-ExpiredToken-400", 400, "ExpiredToken", .expiredCredentials, false, true, nil),
        ("error-InternalError-500", 500, "InternalError", .serverError, true, false, nil),
        ("error-InvalidAccessKeyId-403", 403, "InvalidAccessKeyId", .invalidCredentials, false, true, nil),
        ("error-InvalidObjectState-403", 403, "InvalidObjectState", .archived, false, false, nil),
        ("error-InvalidObjectState-403-intelligent-tiering", 403, "InvalidObjectState", .archived, false, false, nil),
        ("error-InvalidRange-416", 416, "InvalidRange", .invalidRange, false, false, nil),
        ("error-NoSuchBucket-404", 404, "NoSuchBucket", .bucketNotFound, false, true, nil),
        ("error-NoSuchKey-404", 404, "NoSuchKey", .notFound, false, false, nil),
        ("error-PermanentRedirect-301", 301, "PermanentRedirect", .redirect, false, true, "eu-central-1"),
        ("error-PreconditionFailed-412", 412, "PreconditionFailed", .preconditionFailed, true, false, nil),
        ("error-RequestTimeTooSkewed-403", 403, "RequestTimeTooSkewed", .clockSkew, true, false, nil),
        ("error-RequestTimeout-400", 400, "RequestTimeout", .network, true, false, nil),
        ("error-ServiceUnavailable-503", 503, "ServiceUnavailable", .throttled, true, false, nil),
        ("error-SignatureDoesNotMatch-403", 403, "SignatureDoesNotMatch", .invalidCredentials, false, true, nil),
        ("error-SlowDown-503", 503, "SlowDown", .throttled, true, false, nil),
    ]

    @Test func tableCoversEveryErrorFixture() {
        #expect(Self.table.map(\.name) == S3Fixture.names(prefix: "error-"))
    }

    @Test(arguments: table)
    func errorFixture(name: String, status: Int, s3Code: String, code: Code, retryable: Bool, fatal: Bool,
                      region: String?) throws {
        let fixture = try S3Fixture.load(name)
        let response = S3ErrorResponse(fixture.response)
        #expect(response.status == status)
        #expect(response.code == s3Code)
        #expect(response.message?.isEmpty == false)
        #expect(response.region == region)
        #expect(response.requestID == fixture.head.header("x-amz-request-id"))
        #expect(response.hostID == fixture.head.header("x-amz-id-2"))

        let error = response.objectStoreError(bucket: "examplebucket", key: "photos/a.jpg")
        #expect(error.code == code)
        #expect(error.code.isRetryable == retryable)
        #expect(error.code.isFatal == fatal)
        #expect(error.key == "photos/a.jpg")
        #expect(error.cause == ObjectStoreError.Cause(domain: "s3", code: s3Code, detail: response.message))
        #expect(ObjectStoreError(s3Response: fixture.response, bucket: "examplebucket", key: "photos/a.jpg") == error)
    }

    /// What S3 echoes of the request (key id, string to sign, canonical request, signature, session
    /// token) must not reach the parsed value, the error or its description.
    @Test(arguments: table.map(\.name))
    func nothingSecretIsKept(name: String) throws {
        let fixture = try S3Fixture.load(name)
        let response = S3ErrorResponse(fixture.response)
        let error = response.objectStoreError(bucket: "examplebucket")
        let texts = [String(describing: response), String(reflecting: response), error.description, error.message]
        let secrets = [
            "AKIAIOSFODNN7EXAMPLE", "AWS4-HMAC-SHA256", "aws4_request", "x-amz-content-sha256", "host;range",
            "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972", String(repeating: "0", count: 64),
            "41 57 53 34", "FwoGZXIvYXdzEXAMPLETOKEN",
        ]
        for text in texts {
            for secret in secrets {
                #expect(!text.contains(secret), "\(secret) leaked")
            }
        }
    }

    @Test func clockSkewExposesServerTime() throws {
        let response = S3ErrorResponse(try S3Fixture.load("error-RequestTimeTooSkewed-403").response)
        #expect(response.serverTime == Date(timeIntervalSince1970: 1_764_065_730))  // 2025-11-25T10:15:30Z
        #expect(response.requestTime == "20251125T095500Z")
        #expect(response.maxAllowedSkewMilliseconds == 900_000)
    }

    /// Without `<ServerTime>`, S3's clock is read from the `Date` header.
    @Test func serverTimeFallsBackToTheDateHeader() throws {
        let head = HTTPResponseHead(status: 403, headers: [HTTPHeader("Date", "Tue, 25 Nov 2025 10:15:31 GMT")])
        let body = Array("<Error><Code>RequestTimeTooSkewed</Code><Message>m</Message></Error>".utf8)
        let response = S3ErrorResponse(head: head, body: body)
        #expect(response.serverTime == Date(timeIntervalSince1970: 1_764_065_731))
        #expect(response.objectStoreError().code == .clockSkew)
    }

    @Test func redirectNamesEndpointAndBucket() throws {
        let response = S3ErrorResponse(try S3Fixture.load("error-PermanentRedirect-301").response)
        #expect(response.endpoint == "examplebucket.s3.eu-central-1.amazonaws.com")
        #expect(response.bucket == "examplebucket")
    }

    @Test func archivedObjectsNameTheirTier() throws {
        let glacier = S3ErrorResponse(try S3Fixture.load("error-InvalidObjectState-403").response)
        #expect(glacier.storageClass == "GLACIER")
        #expect(glacier.accessTier == nil)
        let tiering = S3ErrorResponse(try S3Fixture.load("error-InvalidObjectState-403-intelligent-tiering").response)
        #expect(tiering.storageClass == "INTELLIGENT_TIERING")
        #expect(tiering.accessTier == "ARCHIVE_ACCESS")
    }

    @Test func detailsOfRangeAndPrecondition() throws {
        let range = S3ErrorResponse(try S3Fixture.load("error-InvalidRange-416").response)
        #expect(range.rangeRequested == "bytes=0-9")
        #expect(range.actualObjectSize == 0)
        let precondition = S3ErrorResponse(try S3Fixture.load("error-PreconditionFailed-412").response)
        #expect(precondition.condition == "If-Match")
    }

    @Test func bucketAndKeyComeFromTheBodyWhenNotGiven() throws {
        let bucket = S3ErrorResponse(try S3Fixture.load("error-NoSuchBucket-404").response)
        #expect(bucket.bucket == "examplebucket")
        let key = S3ErrorResponse(try S3Fixture.load("error-NoSuchKey-404").response).objectStoreError()
        #expect(key.code == .notFound)
        #expect(key.key == "photos/2006/January/sample.jpg")
    }

    /// HEAD answers carry no body: the status, the request's key and the headers decide.
    static let bodyless: [(name: String, key: ObjectKey?, code: Code, region: String?)] = [
        ("head-object-403-nobody", "photos/a.jpg", .accessDenied, nil),
        ("head-object-404-nobody", "photos/a.jpg", .notFound, nil),
        ("head-object-404-nobody", nil, .bucketNotFound, nil),
        ("head-PermanentRedirect-301-nobody", nil, .redirect, "eu-central-1"),
        ("head-PermanentRedirect-301-nobody", "photos/a.jpg", .redirect, "eu-central-1"),
    ]

    @Test(arguments: bodyless)
    func headWithoutBody(name: String, key: ObjectKey?, code: Code, region: String?) throws {
        let fixture = try S3Fixture.load(name)
        #expect(!fixture.hasBody)
        let response = S3ErrorResponse(fixture.response)
        #expect(response.code == nil)
        #expect(response.region == region)
        #expect(response.requestID == fixture.head.header("x-amz-request-id"))
        let error = response.objectStoreError(bucket: "examplebucket", key: key)
        #expect(error.code == code)
        #expect(error.key == key)
        #expect(error.cause == ObjectStoreError.Cause(domain: "http", code: String(fixture.head.status)))
    }
}
