import CurlHTTP
import Foundation
import ObjectStore
import S3Backend
import Testing

/// Error answers built for one rule each.
struct S3ErrorMappingTests {
    typealias Code = ObjectStoreError.Code

    static func body(_ code: String, _ extra: String = "") -> [UInt8] {
        Array(#"<?xml version="1.0" encoding="UTF-8"?>"#.utf8)
            + Array("\n<Error><Code>\(code)</Code><Message>m</Message>\(extra)<RequestId>R</RequestId></Error>".utf8)
    }

    /// Status without a body (and whether the request named a key) → code.
    static let statusOnly: [(status: Int, regionHeader: String?, hasKey: Bool, code: Code)] = [
        (301, "eu-west-1", false, .redirect),
        (301, nil, false, .redirect),
        (307, "eu-west-1", true, .redirect),
        (400, "eu-west-1", true, .redirect),  // HEAD signed for the wrong region
        (400, nil, true, .invalidArgument),
        (401, nil, true, .accessDenied),
        (403, nil, true, .accessDenied),
        (404, nil, true, .notFound),
        (404, nil, false, .bucketNotFound),
        (405, nil, true, .invalidArgument),
        (409, nil, false, .invalidArgument),
        (412, nil, true, .preconditionFailed),
        (416, nil, true, .invalidRange),
        (429, nil, true, .throttled),
        (500, nil, true, .serverError),
        (502, nil, true, .serverError),
        (503, nil, true, .throttled),
        (504, nil, true, .serverError),
    ]

    @Test(arguments: statusOnly)
    func statusWithoutBody(status: Int, regionHeader: String?, hasKey: Bool, code: Code) {
        let headers = regionHeader.map { [HTTPHeader("x-amz-bucket-region", $0)] } ?? []
        let response = S3ErrorResponse(head: HTTPResponseHead(status: status, headers: headers))
        #expect(response.errorCode(hasKey: hasKey) == code)
        let error = response.objectStoreError(bucket: "b", key: hasKey ? "k" : nil)
        #expect(error.code == code)
        #expect(error.cause?.domain == "http")
        #expect(error.cause?.code == String(status))
    }

    /// S3 codes the fixtures do not cover → code; unknown codes fall back to the status.
    static let s3Codes: [(status: Int, s3Code: String, code: Code)] = [
        (404, "NoSuchVersion", .notFound),
        (403, "AllAccessDisabled", .accessDenied),
        (400, "InvalidToken", .invalidCredentials),
        (400, "TokenRefreshRequired", .expiredCredentials),
        (307, "TemporaryRedirect", .redirect),
        (400, "AuthorizationHeaderMalformed", .invalidArgument),  // no region named: a signing bug
        (503, "Throttling", .throttled),
        (400, "RequestLimitExceeded", .throttled),
        (400, "InvalidBucketName", .invalidArgument),
        (409, "OperationAborted", .invalidArgument),
        (500, "SomethingNew", .serverError),
        (200, "InternalError", .serverError),  // S3 can answer 200 and still fail
        (403, "SomethingNew", .accessDenied),
    ]

    @Test(arguments: s3Codes)
    func s3Code(status: Int, s3Code: String, code: Code) {
        let response = S3ErrorResponse(head: HTTPResponseHead(status: status), body: Self.body(s3Code))
        #expect(response.code == s3Code)
        let error = response.objectStoreError(bucket: "b", key: "k")
        #expect(error.code == code)
        #expect(error.cause == ObjectStoreError.Cause(domain: "s3", code: s3Code, detail: "m"))
    }

    /// Bodies that are not S3 error documents leave the status to decide.
    static let foreignBodies: [(String, [UInt8])] = [
        ("HTML from a proxy", Array("<html><body><h1>502 Bad Gateway</h1></body></html>".utf8)),
        ("plain text", Array("Bad Gateway".utf8)),
        ("cut short", Array("<Error><Code>Slow".utf8)),
        ("empty code", Array("<Error><Code></Code></Error>".utf8)),
        ("JSON", Array(#"{"error":"bad gateway"}"#.utf8)),
    ]

    @Test(arguments: foreignBodies)
    func foreignBody(reason: String, body: [UInt8]) {
        let response = S3ErrorResponse(head: HTTPResponseHead(status: 502), body: body)
        #expect(response.code == nil, "\(reason)")
        #expect(response.objectStoreError().code == .serverError)
        #expect(response.objectStoreError().cause?.domain == "http")
    }

    /// Some S3-compatible servers wrap the error as STS does.
    @Test func errorInsideErrorResponse() {
        let body = Array("<ErrorResponse><RequestId>R</RequestId><Error><Code>NoSuchKey</Code><Key>k</Key></Error></ErrorResponse>".utf8)
        let response = S3ErrorResponse(head: HTTPResponseHead(status: 404), body: body)
        #expect(response.code == "NoSuchKey")
        #expect(response.key == "k")
        #expect(response.objectStoreError().code == .notFound)
    }

    /// `<Endpoint>` host → the region it names, when no header or `<Region>` says it.
    static let endpoints: [(String, String?)] = [
        ("examplebucket.s3.eu-central-1.amazonaws.com", "eu-central-1"),
        ("s3.eu-central-1.amazonaws.com", "eu-central-1"),
        ("examplebucket.s3.amazonaws.com", "us-east-1"),
        ("s3-external-1.amazonaws.com", "us-east-1"),
        ("examplebucket.s3-eu-west-1.amazonaws.com", "eu-west-1"),
        ("s3.dualstack.us-west-2.amazonaws.com", "us-west-2"),
        ("s3.backup.s3.ap-southeast-2.amazonaws.com", "ap-southeast-2"),
        ("b.s3.us-gov-west-1.amazonaws.com", "us-gov-west-1"),
        ("b.s3.cn-north-1.amazonaws.com.cn", "cn-north-1"),
        ("b.s3-accelerate.amazonaws.com", nil),
        ("minio.example.com", nil),
        ("", nil),
    ]

    @Test(arguments: endpoints)
    func regionFromEndpoint(endpoint: String, region: String?) {
        let body = Self.body("PermanentRedirect", "<Endpoint>\(endpoint)</Endpoint>")
        let response = S3ErrorResponse(head: HTTPResponseHead(status: 301), body: body)
        #expect(response.region == region)
        #expect(response.objectStoreError().code == .redirect)
    }

    @Test func regionHeaderWinsOverBody() {
        let head = HTTPResponseHead(status: 400, headers: [HTTPHeader("X-Amz-Bucket-Region", "eu-north-1")])
        let body = Self.body("AuthorizationHeaderMalformed", "<Region>eu-central-1</Region>")
        #expect(S3ErrorResponse(head: head, body: body).region == "eu-north-1")
        #expect(S3ErrorResponse(head: HTTPResponseHead(status: 400), body: body).region == "eu-central-1")
    }

    /// A hostile server cannot put terminal escapes into what gets printed.
    @Test func messageIsEscapedForDisplay() {
        let body = Array("<Error><Code>AccessDenied</Code><Message>no\u{1B}[31m&#10;way</Message></Error>".utf8)
        let error = S3ErrorResponse(head: HTTPResponseHead(status: 403), body: body).objectStoreError(bucket: "b\u{1B}")
        #expect(!error.description.contains("\u{1B}"))
        #expect(!error.description.contains("\n"))
        #expect(error.code == .accessDenied)
    }

    /// Elements that echo credentials are skipped, even when the error code is unexpected.
    @Test func echoedCredentialsAreNotKept() {
        let body = Self.body("AccessDenied", "<AWSAccessKeyId>AKIDSECRET</AWSAccessKeyId><Token-0>TOKENSECRET</Token-0>"
            + "<StringToSign>STSSECRET</StringToSign><CanonicalRequest>CRSECRET</CanonicalRequest>"
            + "<SignatureProvided>SIGSECRET</SignatureProvided>")
        let response = S3ErrorResponse(head: HTTPResponseHead(status: 403), body: body)
        let text = String(reflecting: response) + response.objectStoreError().description
        for secret in ["AKIDSECRET", "TOKENSECRET", "STSSECRET", "CRSECRET", "SIGSECRET"] {
            #expect(!text.contains(secret))
        }
    }
}
