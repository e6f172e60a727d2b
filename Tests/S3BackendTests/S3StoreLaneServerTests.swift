import CurlHTTP
import Foundation
import Logging
import ObjectStore
import S3Backend
import Testing
import TestSupport

/// Listing in lanes at scale, against the benchmark's listing server (`bench/listserver.py`: a
/// binary search and a slice per page, so tens of thousands of keys list in a second, where moto
/// serves a few pages a second): the lanes' union is the single chain, key for key.
@Suite("S3Store listing in lanes against a listing server")
struct S3StoreLaneServerTests {
    static let serverScript = HostileKey.fixturesDirectory + "/../../bench/listserver.py"

    /// A listing server over `arguments`' key space, and a store of its bucket.
    static func serve(_ arguments: [String], pageSize: Int = 1000) throws -> (LoopbackServer, S3Store) {
        let server = try LoopbackServer(executable: "/usr/bin/env", arguments: ["python3", serverScript, "-"] + arguments)
        let store = S3Store(
            configuration: .init(bucket: "bench", region: "us-east-1", endpoint: try S3Endpoint(url: "http://\(server.host)"),
                                 listingPageSize: pageSize),
            client: CurlHTTPClient(configuration: .init(maximumConnections: 32), logger: Logger(label: "test")),
            credentials: { AWSCredentials(accessKeyID: "AKIDTEST", secretAccessKey: "test-secret") }, logger: Logger(label: "test"))
        return (server, store)
    }

    /// Every key of a laned listing, each lane checked to be in order and ended once.
    static func laned(_ store: S3Store, prefix: String = "", lanes: Int) async throws -> (keys: [String], lanes: Int) {
        var keys: [String] = []
        var last: [Int: ObjectKey] = [:]
        var ended = Set<Int>()
        for try await page in store.listInLanes(prefix: prefix, lanes: lanes) {
            #expect(!ended.contains(page.lane))
            for object in page.objects {
                if let previous = last[page.lane] { #expect(previous < object.key, "lane \(page.lane) out of order") }
                last[page.lane] = object.key
                keys.append(object.key.rawValue)
            }
            if page.endsLane { ended.insert(page.lane) }
        }
        #expect(Set(last.keys).isSubset(of: ended), "every lane ended")
        return (keys, ended.count)
    }

    @Test("nested, counter and hashed key spaces of 20,000 keys: 16 lanes list exactly the single chain",
          arguments: [["--shape", "nested", "--folders", "50"], ["--shape", "counter"], ["--shape", "hex"]])
    func shapes(_ shape: [String]) async throws {
        let (server, store) = try Self.serve(["--keys", "20000"] + shape)
        defer { withExtendedLifetime(server) {} }
        let single = try await store.listAll().map(\.key.rawValue)
        #expect(single.count == 20000)
        let (keys, lanes) = try await Self.laned(store, lanes: 16)
        #expect(keys.count == single.count)
        #expect(Set(keys) == Set(single))
        #expect(lanes >= 8, "\(lanes) lanes")
    }

    @Test("hostile keys among 6,000 flat and nested ones, at pages of 1,000 and 50: the single chain, under prefixes too",
          arguments: [1000, 50])
    func hostile(pageSize: Int) async throws {
        var keys = HostileKey.all().map(\.key).filter { !$0.isEmpty }
        keys += (0..<3000).map { String(format: "x%05d", $0) }
        keys += (0..<3000).map { "n/\($0 % 40)/k\($0)" }
        keys += ["x", "x/", "x/inner", "x-1", "n", "n.txt"]
        let file = NSTemporaryDirectory() + "s3clone-lane-keys-\(UUID().uuidString).json"
        try JSONSerialization.data(withJSONObject: keys).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let (server, store) = try Self.serve(["--shape", "json", "--keys-json", file], pageSize: pageSize)
        defer { withExtendedLifetime(server) {} }
        let single = try await store.listAll().map(\.key.rawValue)
        #expect(Set(single) == Set(keys), "the server serves every key")
        for prefix in ["", "x", "n/", "n/1"] {
            let expected = single.filter { $0.hasBytePrefix(prefix) }
            let (listed, _) = try await Self.laned(store, prefix: prefix, lanes: 16)
            #expect(listed.count == expected.count, "prefix '\(prefix)'")
            #expect(Set(listed) == Set(expected), "prefix '\(prefix)'")
        }
    }
}
