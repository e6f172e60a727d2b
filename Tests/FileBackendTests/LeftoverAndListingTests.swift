import FileBackend
import Foundation
import ObjectStore
import Testing
import TestSupport

@Suite("FileStore: leftovers of killed runs, and listing")
struct LeftoverAndListingTests {
    /// The id of a process that has certainly exited.
    func deadProcessID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test("temporary files of a dead run are removed; a live process's and look-alikes stay")
    func sweepsAbandonedTemporaries() async throws {
        let sandbox = TemporaryDirectory("sweep")
        let dead = try deadProcessID()
        let abandoned = ".s3clone-\(dead)-1f.tmp"
        let live = ".s3clone-1-2a.tmp"  // pid 1 is always alive
        sandbox.write("root/dir/\(abandoned)", "partial")
        sandbox.write("root/dir/\(live)", "in progress elsewhere")
        sandbox.write("root/dir/.s3clone-partial-abc", "a real object")
        let store = makeStore(sandbox.path)
        // Listing never reports temporaries, leftovers or not.
        let listed = try await store.listAll().map(\.key.rawValue).sorted()
        #expect(listed == ["dir/.s3clone-partial-abc"])
        try await put(store, "dir/new", [1, 2])
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: sandbox.at("root/dir")))
        #expect(names == [live, ".s3clone-partial-abc", "new"])
    }

    @Test("listing skips links and special files, lists empty folders as markers, filters by prefix")
    func listing() async throws {
        let sandbox = TemporaryDirectory("list")
        sandbox.write("root/a/b/c.txt", "c")
        sandbox.write("root/a/d.txt", "dd")
        sandbox.write("root/e.txt", "eee")
        sandbox.write("root/logs/1", "1")
        sandbox.write("root/logs-old/2", "2")
        try FileManager.default.createDirectory(atPath: sandbox.at("root/empty/inner"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: sandbox.at("root/link"), withDestinationPath: "/etc")
        try FileManager.default.createSymbolicLink(atPath: sandbox.at("root/a/flink"), withDestinationPath: "d.txt")
        #expect(mkfifo(sandbox.at("root/fifo"), 0o644) == 0)
        let store = makeStore(sandbox.path)
        let all = try await store.listAll()
        #expect(Dictionary(uniqueKeysWithValues: all.map { ($0.key.rawValue, $0.size) }) == [
            "a/b/c.txt": 1, "a/d.txt": 2, "e.txt": 3, "logs/1": 1, "logs-old/2": 1, "empty/inner/": 0,
        ])
        #expect(try await store.listAll(prefix: "logs/").map(\.key.rawValue) == ["logs/1"])
        #expect(Set(try await store.listAll(prefix: "logs").map(\.key.rawValue)) == ["logs/1", "logs-old/2"])
        #expect(Set(try await store.listAll(prefix: "a/").map(\.key.rawValue)) == ["a/b/c.txt", "a/d.txt"])
        #expect(try await store.listAll(prefix: "zzz/").isEmpty)
    }

    @Test("listing a missing root fails with notFound; a file root with invalidArgument")
    func listingErrors() async throws {
        let sandbox = TemporaryDirectory("listerr")
        let missing = makeStore(sandbox.path)
        #expect(await code { _ = try await missing.listAll() } == .notFound)
        sandbox.write("root", "not a folder")
        #expect(await code { _ = try await makeStore(sandbox.path).listAll() } == .invalidArgument)
    }

    @Test("listing pages hold at most 1,000 objects and cover everything")
    func pages() async throws {
        let sandbox = TemporaryDirectory("pages")
        for index in 0..<2345 { sandbox.write("root/d\(index % 7)/f\(index)", "x") }
        var sizes: [Int] = []
        var keys = Set<String>()
        for try await page in makeStore(sandbox.path).list() {
            sizes.append(page.count)
            keys.formUnion(page.map(\.key.rawValue))
        }
        #expect(sizes.allSatisfy { $0 <= 1000 })
        #expect(keys.count == 2345)
    }

    @Test("a file that shrinks after listing is reported as sourceChanged")
    func sourceChanged() async throws {
        let sandbox = TemporaryDirectory("changed")
        sandbox.write("root/f", "0123456789")
        let store = makeStore(sandbox.path)
        let listed = try #require(try await store.listAll().first)
        sandbox.write("root/f", "01234")
        #expect(await code { try await store.read(listed, range: nil, into: CollectingSink()) } == .sourceChanged)
    }
}
