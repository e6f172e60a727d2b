import CurlHTTP
import Foundation
import Logging
import ObjectStore
import Synchronization
import Testing
import TestSupport

@Suite("CurlHTTPClient against a loopback server")
struct CurlHTTPClientTests {
    let server: LoopbackServer
    let client: CurlHTTPClient

    init() throws {
        server = try LoopbackServer.httpFixture()
        client = CurlHTTPClient(configuration: .init(maximumConnections: 8), logger: Logger(label: "test"))
    }

    func request(_ path: String, method: String = "GET") -> HTTPRequest {
        HTTPRequest(method: method, scheme: "http", host: server.host, path: path)
    }

    static func expected(_ count: Int) -> [UInt8] { (0..<count).map { UInt8($0 % 251) } }

    @Test("a body streams into the sink at the given offset, from curl's buffer")
    func streamsIntoSink() async throws {
        let sink = CollectingSink()
        let response = try await client.stream(request("/bytes/1000000"), into: sink, at: 5)
        #expect(response.head.status == 200)
        #expect(response.bytesDelivered == 1_000_000)
        #expect(sink.bytes == Self.expected(1_000_000))
        #expect(sink.offsets.first == 5)
        #expect(sink.isContiguous(from: 5))
    }

    @Test("an error status keeps its body aside and delivers nothing to the sink")
    func errorBodyIsCollected() async throws {
        let sink = CollectingSink()
        let response = try await client.stream(request("/status/404"), into: sink, at: 0)
        #expect(response.head.status == 404)
        #expect(sink.bytes.isEmpty)
        #expect(String(decoding: response.errorBody, as: UTF8.self).contains("<Code>Test</Code>"))
        let collected = try await client.send(request("/status/503"))
        #expect(collected.status == 503)
        #expect(collected.head.header("content-type") == "application/xml")
    }

    @Test("method, raw path, headers and body arrive as given")
    func requestIsSentAsGiven() async throws {
        var put = request("/echo/a/../b//c%20d", method: "PUT")
        put.headers = [HTTPHeader("X-Test", "one"), HTTPHeader("x-amz-date", "20250101T000000Z")]
        put.body = Array("form=1".utf8)
        put.query = [QueryItem("list-type", "2"), QueryItem("prefix", "a b/+")]
        let response = try await client.send(put)
        let echo = try JSONSerialization.jsonObject(with: Data(response.body)) as! [String: Any]
        #expect(echo["method"] as? String == "PUT")
        #expect(echo["path"] as? String == "/echo/a/../b//c%20d?list-type=2&prefix=a%20b%2F%2B")
        #expect(echo["body"] as? String == "form=1")
        let headers = (echo["headers"] as! [[String]]).map { ($0[0].lowercased(), $0[1]) }
        #expect(headers.contains { $0 == ("x-test", "one") })
        #expect(headers.contains { $0 == ("host", server.host) })
        #expect(!headers.contains { $0.0 == "expect" })
        let head = try await client.send(request("/bytes/10", method: "HEAD"))
        #expect(head.status == 200 && head.body.isEmpty && head.head.header("content-length") == "10")
    }

    @Test("many requests at once share a bounded set of kept-alive connections")
    func connectionReuse() async throws {
        try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<200 {
                group.addTask { try await client.send(request("/bytes/\(index)")).body.count }
            }
            var total = 0
            for try await count in group { total += count }
            #expect(total == (0..<200).reduce(0, +))
        }
        let stats = try JSONSerialization.jsonObject(with: Data(try await client.send(request("/stats")).body)) as! [String: Int]
        #expect(stats["requests"] == 201)
        #expect(stats["connections"]! <= 8)
    }

    @Test("a refused connection is a network error with the curl code")
    func refused() async throws {
        let closed = HTTPRequest(method: "GET", scheme: "http", host: "127.0.0.1:1", path: "/")
        await #expect { try await client.send(closed) } throws: { error in
            let failure = error as? ObjectStoreError
            return failure?.code == .network && failure?.cause?.domain == "curl" && failure?.cause?.code == "7"
        }
    }

    @Test("a sink's error stops the transfer and comes back unchanged")
    func sinkErrorPropagates() async throws {
        await #expect(throws: ObjectStoreError.self) {
            try await client.stream(request("/bytes/500000"), into: CollectingSink(failAfter: 1000), at: 0)
        }
        // The client is still usable afterwards.
        #expect(try await client.send(request("/bytes/3")).body == [0, 1, 2])
    }

    @Test("cancelling the task ends the request (the server would answer 200 after 10 s)")
    func cancellation() async throws {
        let task = Task { try await client.send(request("/slow/10")) }
        try await Task.sleep(for: .milliseconds(100))
        task.cancel()
        await #expect { try await task.value } throws: { ($0 as? ObjectStoreError)?.code == .cancelled }
    }

    @Test("a request timeout and a stalled body both fail as network errors")
    func timeouts() async throws {
        var slow = request("/slow/10")
        slow.timeout = .milliseconds(300)
        await #expect { try await client.send(slow) } throws: { ($0 as? ObjectStoreError)?.code == .network }
        let stalling = CurlHTTPClient(configuration: .init(maximumConnections: 4, stallTimeout: .seconds(1)), logger: Logger(label: "test"))
        let sink = CollectingSink()
        await #expect { try await stalling.stream(request("/stall"), into: sink, at: 0) } throws: { ($0 as? ObjectStoreError)?.code == .network }
        #expect(sink.bytes == Array("0123456789".utf8))
    }
}

@Suite("CurlHTTPClient's connection limit")
struct CurlHTTPConnectionLimitTests {
    let server: LoopbackServer

    init() throws {
        server = try LoopbackServer.httpFixture()
    }

    func request(_ path: String) -> HTTPRequest {
        HTTPRequest(method: "GET", scheme: "http", host: server.host, path: path)
    }

    func stats(_ client: CurlHTTPClient) async throws -> [String: Int] {
        try JSONSerialization.jsonObject(with: Data(try await client.send(request("/stats")).body)) as! [String: Int]
    }

    @Test("requests past the limit wait in the loop and start as connections free; never more at once")
    func waitingRequests() async throws {
        let client = CurlHTTPClient(configuration: .init(maximumConnections: 3, eventLoops: 1), logger: Logger(label: "test"))
        let clock = ContinuousClock()
        let start = clock.now
        let answers = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<12 {
                group.addTask { String(decoding: try await client.send(request("/slow/0.2")).body, as: UTF8.self) }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(answers == Array(repeating: "late", count: 12))
        // 12 requests of 0.2 s, 3 at a time: at least 4 rounds.
        #expect(clock.now - start >= .milliseconds(790))
        let stats = try await stats(client)
        #expect(stats["peak_in_flight"] == 3)
        #expect(stats["connections"]! <= 3)
        #expect(stats["requests"] == 13)
    }

    @Test("a waiting request that is cancelled ends at once, before the request ahead of it, and is never sent")
    func cancelWhileWaiting() async throws {
        // No stall timeout within the test's life: the request ahead must stay in flight.
        let client = CurlHTTPClient(configuration: .init(maximumConnections: 1, stallTimeout: .seconds(600), eventLoops: 1),
                                    logger: Logger(label: "test"))
        // Another client watches the server: the first one's only connection stays busy. The request
        // ahead takes 300 s (cancelled at the end, so the test does not wait for it), so that it is
        // still in flight however late a loaded machine runs the tasks: with the whole suite on 2
        // cores, each await here can wait seconds for a thread.
        let observer = CurlHTTPClient(configuration: .init(maximumConnections: 1, eventLoops: 1), logger: Logger(label: "test"))
        let aheadDone = Flag()
        let ahead = Task {
            defer { aheadDone.set() }
            return try await client.send(request("/slow/300"))
        }
        // Wait until the request ahead has reached the server (a loaded machine may start tasks late).
        while try await stats(observer)["peak_in_flight"]! < 1 {
            try await Task.sleep(for: .milliseconds(20))
        }
        let seen = try await stats(observer)["requests"]!
        let waitingStarted = Flag()
        let waiting = Task {
            waitingStarted.set()
            return try await client.send(request("/bytes/10"))
        }
        while !waitingStarted.isSet { try await Task.sleep(for: .milliseconds(10)) }
        try await Task.sleep(for: .milliseconds(100))
        waiting.cancel()
        await #expect { try await waiting.value } throws: { ($0 as? ObjectStoreError)?.code == .cancelled }
        #expect(!aheadDone.isSet, "the cancelled request waited for the one ahead")
        // Since `seen`: only this /stats, never /bytes/10.
        #expect(try await stats(observer)["requests"] == seen + 1)
        ahead.cancel()
        // On a machine loaded enough to take the whole 300 s to get here, it has simply finished.
        switch await ahead.result {
        case .success(let response): #expect(response.body == Array("late".utf8))
        case .failure(let error): #expect((error as? ObjectStoreError)?.code == .cancelled)
        }
    }
}

/// A flag tasks can set and read.
private final class Flag: Sendable {
    private let value = Atomic<Bool>(false)
    var isSet: Bool { value.load(ordering: .sequentiallyConsistent) }
    func set() { value.store(true, ordering: .sequentiallyConsistent) }
}

/// Records the thread each body write arrives on.
final class ThreadRecordingSink: ByteSink, Sendable {
    private let threads = Mutex<Set<UInt>>([])
    var distinctThreads: Int { threads.withLock { $0.count } }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws {
        let thread = UInt(pthread_self())
        threads.withLock { _ = $0.insert(thread) }
    }
}

@Suite("CurlHTTPClient: requests with one loop affinity share a loop")
struct CurlLoopAffinityTests {
    @Test("requests with the same affinity are served on one loop's thread; without one they spread over the loops")
    func affinityKeepsOneThread() async throws {
        let server = try LoopbackServer.httpFixture()
        let client = CurlHTTPClient(configuration: .init(maximumConnections: 8, eventLoops: 2), logger: Logger(label: "test"))
        func streamAll(_ affinity: UInt64?) async throws -> Int {
            let sink = ThreadRecordingSink()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        var request = HTTPRequest(method: "GET", scheme: "http", host: server.host, path: "/slow/0.3")
                        request.loopAffinity = affinity
                        _ = try await client.stream(request, into: sink, at: 0)
                    }
                }
                try await group.waitForAll()
            }
            return sink.distinctThreads
        }
        #expect(try await streamAll(7) == 1)
        #expect(try await streamAll(8) == 1)
        // Four at once, each to the least busy loop: two per loop.
        #expect(try await streamAll(nil) == 2)
    }
}
