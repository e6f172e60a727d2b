import CurlHTTP
@testable import S3Backend
import Testing

/// The canonicalization rules, one at a time.
struct SigV4CanonicalRequestTests {
    @Test(arguments: [
        ("/", "/"),
        ("", "/"),
        ("/a//b/./c/../d", "/a//b/./c/../d"),
        ("//", "//"),
        ("/test%24file.text", "/test%24file.text"),
        ("/%E1%88%B4/x%20y", "/%E1%88%B4/x%20y"),
    ])
    func s3PathIsSignedAsSent(path: String, canonical: String) {
        #expect(SigV4CanonicalRequest.canonicalURI(path, style: .s3) == canonical)
    }

    @Test(arguments: [
        ("/", "/"),
        ("", "/"),
        ("/a//b/./c/../d", "/a/b/d"),
        ("//example//", "/example/"),
        ("/./", "/"),
        ("/example/..", "/"),
        ("/../..", "/"),
        ("/a/b/", "/a/b/"),
        ("/%20", "/%2520"),
        ("/example space/", "/example%20space/"),
    ])
    func genericPathIsNormalizedAndEncodedAgain(path: String, canonical: String) {
        #expect(SigV4CanonicalRequest.canonicalURI(path, style: .generic) == canonical)
    }

    @Test(arguments: [
        ([QueryItem]([]), ""),
        ([QueryItem("lifecycle")], "lifecycle="),
        ([QueryItem("prefix", "J"), QueryItem("max-keys", "2")], "max-keys=2&prefix=J"),
        ([QueryItem("a", "2"), QueryItem("a", "10"), QueryItem("a", "")], "a=&a=10&a=2"),
        ([QueryItem("b"), QueryItem("B"), QueryItem("a-b"), QueryItem("a")], "B=&a=&a-b=&b="),
        ([QueryItem("prefix", "a b/c+d=e&f")], "prefix=a%20b%2Fc%2Bd%3De%26f"),
        ([QueryItem("ሴ", "x"), QueryItem("Z", "y")], "%E1%88%B4=x&Z=y"),
        ([QueryItem("continuation-token", "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=")],
         "continuation-token=1ueGcxLPRx1Tr%2FXYExHnhbYLgveDs2J%2Fwm36Hy4vbOwM%3D"),
    ])
    func queryIsEncodedAndSortedByEncodedName(items: [QueryItem], canonical: String) {
        #expect(SigV4CanonicalRequest.canonicalQuery(items) == canonical)
    }

    @Test(arguments: [
        ("value", "value"),
        ("  value  ", "value"),
        ("a   b", "a b"),
        ("a \t b\t", "a b"),
        ("\"a   b   c\"", "\"a b c\""),
        ("", ""),
        ("   ", ""),
        ("a b", "a b"),
        (" a", "a"),
        ("a ", "a"),
        ("a\tb", "a b"),
    ])
    func headerValuesAreTrimmedAndBlanksCollapsed(value: String, canonical: String) {
        #expect(SigV4CanonicalRequest.canonicalValue(value) == canonical)
    }

    @Test func headersAreLowerCasedSortedAndRepeatsJoinedInOrder() {
        let request = HTTPRequest(method: "GET", host: "bucket.example.com", headers: [
            HTTPHeader("X-Amz-Meta-B", "2"),
            HTTPHeader("x-amz-meta-a", " one "),
            HTTPHeader("X-AMZ-META-B", "1"),
            HTTPHeader("Range", "bytes=0-9"),
        ])
        let headers = SigV4CanonicalRequest.canonicalHeaders(of: request)
        #expect(headers == [
            HTTPHeader("host", "bucket.example.com"),
            HTTPHeader("range", "bytes=0-9"),
            HTTPHeader("x-amz-meta-a", "one"),
            HTTPHeader("x-amz-meta-b", "2,1"),
        ])
        #expect(SigV4CanonicalRequest.signedHeaders(headers) == "host;range;x-amz-meta-a;x-amz-meta-b")
    }

    /// `host` is always signed, from the request's host (with its port); a listed `Host` or
    /// `Authorization` is never signed.
    @Test func hostComesFromTheRequestAndAuthorizationIsNeverSigned() {
        let request = HTTPRequest(method: "GET", scheme: "http", host: "127.0.0.1:9000", headers: [
            HTTPHeader("Host", "elsewhere.example.com"),
            HTTPHeader("Authorization", "AWS4-HMAC-SHA256 stale"),
        ])
        #expect(SigV4CanonicalRequest.canonicalHeaders(of: request) == [HTTPHeader("host", "127.0.0.1:9000")])
    }

    @Test func layout() {
        let request = HTTPRequest(method: "GET", host: "h", path: "/k", query: [QueryItem("q", "1")],
                                  headers: [HTTPHeader("x-amz-date", "20130524T000000Z")])
        let canonical = SigV4CanonicalRequest(request: request, payloadHash: "PAYLOAD", pathStyle: .s3)
        #expect(canonical.text == "GET\n/k\nq=1\nhost:h\nx-amz-date:20130524T000000Z\n\nhost;x-amz-date\nPAYLOAD")
        #expect(canonical.signedHeaders == "host;x-amz-date")
    }
}
