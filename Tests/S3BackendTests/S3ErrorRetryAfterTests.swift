import CurlHTTP
import Foundation
import ObjectStore
import S3Backend
import Testing

/// The pause an error answer asks for reaches the error value, where the retry loop honours it.
struct S3ErrorRetryAfterTests {
    func error(_ headers: [(String, String)]) -> ObjectStoreError {
        let head = HTTPResponseHead(status: 503, headers: headers.map { HTTPHeader($0.0, $0.1) })
        return S3ErrorResponse(head: head, body: S3ErrorMappingTests.body("SlowDown")).objectStoreError(bucket: "b", key: "k")
    }

    @Test("x-amz-retry-after (milliseconds) wins over Retry-After (seconds); junk and absence are nil")
    func headers() {
        #expect(error([("x-amz-retry-after", "1500"), ("Retry-After", "9")]).retryAfter == .milliseconds(1500))
        #expect(error([("Retry-After", " 4 ")]).retryAfter == .seconds(4))
        #expect(error([("Retry-After", "soon")]).retryAfter == nil)
        #expect(error([("Retry-After", "-3")]).retryAfter == nil)
        #expect(error([]).retryAfter == nil)
        #expect(error([]).code == .throttled)
    }

    @Test("Retry-After as an HTTP date is the time until then; a past date is zero")
    func date() throws {
        let inTenSeconds = Date().addingTimeInterval(10.5)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let pause = try #require(error([("Retry-After", formatter.string(from: inTenSeconds))]).retryAfter)
        #expect(pause > .seconds(8) && pause <= .seconds(11))
        #expect(error([("Retry-After", "Tue, 25 Nov 2025 10:15:30 GMT")]).retryAfter == .zero)
    }
}
