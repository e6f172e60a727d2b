import CurlHTTP
import Foundation
import Logging
import Synchronization
import ObjectStore
import S3Backend
import Testing
import TestSupport

/// The S3 backend against a loopback server that misbehaves on purpose.
@Suite("S3Store against a misbehaving server")
struct S3StoreFaultTests {
    let server: LoopbackServer
    let client = CurlHTTPClient(configuration: .init(maximumConnections: 4), logger: Logger(label: "test"))

    init() throws {
        server = try LoopbackServer.httpFixture()
    }

    func store(_ bucket: String) throws -> S3Store {
        S3Store(configuration: .init(bucket: bucket, region: "us-east-1", endpoint: try S3Endpoint(url: "http://\(server.host)/s3")),
                client: client, credentials: { AWSCredentials(accessKeyID: "AKIDTEST", secretAccessKey: "secret") },
                retrying: retrying, logger: Logger(label: "test"))
    }

    /// Three retries, each after a millisecond at most.
    let retrying = RetryLoop(
        policy: RetryPolicy(retries: 3, baseDelay: .milliseconds(1), throttledBaseDelay: .milliseconds(1), maximumDelay: .milliseconds(1)),
        logger: Logger(label: "test"))

    @Test("a listing whose continuation token repeats fails as corrupt instead of looping", arguments: ["loop", "notoken"])
    func brokenPagination(_ bucket: String) async throws {
        await #expect { _ = try await store(bucket).listAll() } throws: { ($0 as? ObjectStoreError)?.code == .corrupt }
    }

    @Test("a body that breaks off resumes from the last byte with a Range request")
    func resumesBrokenBody() async throws {
        let object = ObjectInfo(key: "obj", size: 1000, etag: "\"flaky\"")
        let sink = CollectingSink()
        try await store("flaky").read(object, range: nil, into: sink)
        #expect(sink.bytes == (0..<1000).map { UInt8($0 % 251) })
        #expect(sink.isContiguous(from: 0))
        // Two GETs: the one that broke after 400 bytes, and the Range request for the rest.
        let stats = try await client.send(HTTPRequest(method: "GET", scheme: "http", host: server.host, path: "/stats"))
        let counts = try JSONSerialization.jsonObject(with: Data(stats.body)) as! [String: Int]
        #expect(counts["requests"] == 3)  // two GETs of the object, and this one
    }

    @Test("a redirect naming the bucket's region is followed once, signed for that region, at the same host")
    func followsRegionRedirect() async throws {
        let listed = try await store("moved").listAll()
        #expect(listed.isEmpty)
        let stats = try await client.send(HTTPRequest(method: "GET", scheme: "http", host: server.host, path: "/stats"))
        let counts = try JSONSerialization.jsonObject(with: Data(stats.body)) as! [String: Int]
        #expect(counts["requests"] == 3)  // the redirected listing, the one signed for eu-west-1, this one
    }

    @Test("expired credentials are dropped and fetched again, once")
    func refreshesExpiredCredentials() async throws {
        let fresh = Mutex(false)
        let s3 = S3Store(
            configuration: .init(bucket: "expired", region: "us-east-1", endpoint: try S3Endpoint(url: "http://\(server.host)/s3")),
            client: client,
            credentials: { AWSCredentials(accessKeyID: fresh.withLock { $0 } ? "AKIDFRESH" : "AKIDSTALE", secretAccessKey: "secret") },
            expireCredentials: { fresh.withLock { $0 = true } },
            retrying: retrying, logger: Logger(label: "test"))
        #expect(try await s3.listAll().isEmpty)
        #expect(fresh.withLock { $0 })
    }
}
