import CurlHTTP
import Logging
import MemoryBackend
import ObjectStore
import S3Backend
import Testing
import TestSupport

/// The listing side of an inventory source, without a server: the report's data files sit in a
/// memory store, and the bucket's store is never asked (listing reads only the report).
@Suite("InventoryListedStore")
struct InventoryListedStoreTests {
    /// A store of `bucket` rooted at `prefix` on an endpoint nothing listens on.
    static func bucket(_ name: String, prefix: String = "") throws -> S3Store {
        S3Store(configuration: .init(bucket: name, prefix: prefix, region: "us-east-1", endpoint: try S3Endpoint(url: "http://127.0.0.1:9")),
                client: CurlHTTPClient(configuration: .init(maximumConnections: 1), logger: Logger(label: "test")),
                credentials: { nil }, logger: Logger(label: "test"))
    }

    /// A report of `files` (each a list of keys in file order) in a memory store, and its manifest.
    static func report(_ files: [[String]]) throws -> (InventoryManifest, MemoryStore) {
        let reports = MemoryStore()
        var data: [(key: String, bytes: [UInt8])] = []
        for (index, keys) in files.enumerated() {
            let csv = keys.map { InventoryReport.objectRow(bucket: "src", key: $0, bytes: Array($0.utf8)) }.joined()
            let gzip = GzipFixture.compress(Array(csv.utf8))
            data.append(("data/\(index).csv.gz", gzip))
            reports.put(ObjectKey("data/\(index).csv.gz"), gzip)
        }
        return (try InventoryManifest.parse(InventoryReport.manifest(sourceBucket: "src", destinationBucket: "reports", files: data)), reports)
    }

    @Test("each data file is a lane; a file out of key order starts a new lane at each break; every row once")
    func lanes() async throws {
        let files = [["a/1", "a/2", "b"], ["c", "e", "d", "d/x", "a/0"], ["f"]]
        let (manifest, reports) = try Self.report(files)
        let store = try InventoryListedStore(bucket: Self.bucket("src"), manifest: manifest, reports: reports)
        var lanes: [Int: [String]] = [:]
        var ended = Set<Int>()
        for try await page in store.listInLanes(prefix: "", lanes: 2) {
            #expect(!ended.contains(page.lane))
            lanes[page.lane, default: []] += page.objects.map(\.key.rawValue)
            if page.endsLane { ended.insert(page.lane) }
        }
        #expect(Set(lanes.keys) == ended)
        for keys in lanes.values { #expect(keys == keys.sorted(), "a lane in key order: \(keys)") }
        #expect(Set(lanes.values.map { $0 }) == [["a/1", "a/2", "b"], ["c", "e"], ["d", "d/x"], ["a/0"], ["f"]])
        #expect(try await store.listAll().map(\.key.rawValue) == files.flatMap { $0 })
    }

    @Test("a store rooted at a prefix and a listing prefix select the report's rows and make keys relative")
    func selection() async throws {
        let (manifest, reports) = try Self.report([["logs/", "logs/a", "logs/b/c", "logsx", "other/d"]])
        let rooted = try InventoryListedStore(bucket: Self.bucket("src", prefix: "logs/"), manifest: manifest, reports: reports)
        #expect(try await rooted.listAll().map(\.key.rawValue) == ["a", "b/c"])
        #expect(try await rooted.listAll(prefix: "b/").map(\.key.rawValue) == ["b/c"])
        let whole = try InventoryListedStore(bucket: Self.bucket("src"), manifest: manifest, reports: reports)
        #expect(try await whole.listAll(prefix: "logs").map(\.key.rawValue) == ["logs/", "logs/a", "logs/b/c", "logsx"])
        let sizes = try await whole.listAll().map(\.size)
        #expect(sizes == [5, 6, 8, 5, 7])
    }

    @Test("a report of another bucket is refused")
    func otherBucket() throws {
        let (manifest, reports) = try Self.report([["a"]])
        let error = #expect(throws: ObjectStoreError.self) {
            try InventoryListedStore(bucket: Self.bucket("elsewhere"), manifest: manifest, reports: reports)
        }
        #expect(error?.code == .invalidArgument)
    }
}
