import CurlHTTP
import Testing

/// The fixture files themselves, and the helper that reads them.
struct S3FixtureTests {
    static let all = S3Fixture.names(prefix: "")

    @Test func thereAreFixtures() {
        #expect(Self.all.count >= 40)
    }

    /// Each `.headers` file reads, and a `Content-Length` matches the body file byte for byte.
    @Test(arguments: all)
    func headersRead(name: String) throws {
        let fixture = try S3Fixture.load(name)
        #expect((200..<600).contains(fixture.head.status))
        #expect(fixture.head.header("Date") == "Tue, 25 Nov 2025 10:15:30 GMT")
        if fixture.hasBody {
            #expect(fixture.head.header("Content-Length") == String(fixture.body.count))
        }
    }

    @Test func parsesStatusLineAndHeaders() throws {
        let head = try S3Fixture.parseHead("HTTP/1.1 404 Not Found\nx-amz-request-id: ABC\nX-Empty:\nETag: \"a:b\"\n")
        #expect(head == HTTPResponseHead(status: 404, headers: [
            HTTPHeader("x-amz-request-id", "ABC"), HTTPHeader("X-Empty", ""), HTTPHeader("ETag", "\"a:b\""),
        ]))
        #expect(throws: S3Fixture.MalformedHeaders.self) { try S3Fixture.parseHead("200 OK\n") }
        #expect(throws: S3Fixture.MalformedHeaders.self) { try S3Fixture.parseHead("HTTP/1.1 200 OK\nno colon\n") }
    }
}
