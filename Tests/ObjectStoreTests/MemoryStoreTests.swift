import Digests
import MemoryBackend
import TestSupport
import Foundation
import ObjectStore
import Testing

/// What ``MemoryStore`` adds to the shared contract (which `ConformanceTests` checks).
struct MemoryStoreTests {
    @Test(arguments: [
        (0, 1000, [Int]()),
        (1, 1000, [1]),
        (1000, 1000, [1000]),
        (1001, 1000, [1000, 1]),
        (2500, 1000, [1000, 1000, 500]),
        (5, 2, [2, 2, 1]),
        (3, 1, [1, 1, 1]),
    ])
    func listsInPagesOfPageSize(count: Int, pageSize: Int, expected: [Int]) async throws {
        let store = MemoryStore(pageSize: pageSize)
        for index in (0..<count).reversed() {
            store.put(ObjectKey("k\(index)"), [1])
        }
        var pages: [[ObjectInfo]] = []
        for try await page in store.list() { pages.append(page) }
        #expect(pages.map(\.count) == expected)
        let keys = pages.flatMap { $0.map(\.key) }
        #expect(keys == keys.sorted())  // sorted across pages, not just within each
        #expect(keys.count == count)
    }

    @Test func listingIsSortedByKeyBytesAndFilteredByPrefix() async throws {
        let store = MemoryStore()
        for key in ["b/2", "a", "b/1", "B", "b", "ba", "b/", "\u{E9}", "e\u{301}"] {
            store.put(ObjectKey(key), [])
        }
        let all = try await store.listAll().map(\.key.rawValue)
        #expect(all.map { Array($0.utf8) } == ["B", "a", "b", "b/", "b/1", "b/2", "ba", "e\u{301}", "\u{E9}"].map { Array($0.utf8) })
        #expect(try await store.listAll(prefix: "b/").map(\.key) == ["b/", "b/1", "b/2"])
        #expect(try await store.listAll(prefix: "b").map(\.key) == ["b", "b/", "b/1", "b/2", "ba"])
        #expect(try await store.listAll(prefix: "zzz").isEmpty)
    }

    /// A prefix matches bytes: no normalization, and it may end inside a character.
    @Test(arguments: [
        ("caf\u{E9}", ["caf\u{E9}.txt"]),
        ("cafe\u{301}", ["cafe\u{301}.txt"]),
        ("cafe", ["cafe\u{301}.txt"]),
        ("caf", ["cafe\u{301}.txt", "caf\u{E9}.txt"]),
    ])
    func prefixMatchesBytes(prefix: String, expected: [String]) async throws {
        let store = MemoryStore()
        store.put("caf\u{E9}.txt", [1])
        store.put("cafe\u{301}.txt", [2, 2])
        let keys = try await store.listAll(prefix: prefix).map { Array($0.key.rawValue.utf8) }
        #expect(keys == expected.map { Array($0.utf8) })
    }

    @Test func etagIsTheQuotedMD5() async throws {
        let store = MemoryStore()
        let bytes = Array("abc".utf8)
        let put = store.put("put", bytes)
        #expect(put.etag == "\"900150983cd24fb0d6963f7d28e17f72\"")
        #expect(put.md5 == MD5Hasher.digest(bytes))

        let pending = try await store.create(ObjectInfo(key: "created", size: 3), options: CreateOptions())
        try pending.feed(bytes, chunks: [0..<3])
        try await pending.commit()
        let created = try #require(try await store.stat("created"))
        #expect(created.etag == "\"900150983cd24fb0d6963f7d28e17f72\"")
        #expect(created.md5 == MD5Hasher.digest(bytes))
    }

    @Test func commitWithoutReplaceKeepsTheExistingObject() async throws {
        let store = MemoryStore()
        store.put("key", [1, 2, 3])
        let pending = try await store.create(ObjectInfo(key: "key", size: 2), options: CreateOptions(replaceExisting: false))
        try pending.feed([9, 9], chunks: [0..<2])
        let error = await #expect(throws: ObjectStoreError.self) { try await pending.commit() }
        #expect(error?.code == .alreadyExists)
        #expect(store.contents(of: "key") == [1, 2, 3])
        await pending.abort()  // harmless after a failed commit
        #expect(store.contents(of: "key") == [1, 2, 3])
    }

    @Test func writeAfterAbortThrows() async throws {
        let store = MemoryStore()
        let pending = try await store.create(ObjectInfo(key: "key", size: 1), options: CreateOptions())
        await pending.abort()
        let error = #expect(throws: ObjectStoreError.self) {
            try pending.feed([1], chunks: [0..<1])
        }
        #expect(error?.code == .invalidArgument)
        #expect(store.contents(of: "key") == nil)
    }

    @Test func writeAndCommitAfterCommitThrow() async throws {
        let store = MemoryStore()
        let pending = try await store.create(ObjectInfo(key: "key", size: 1), options: CreateOptions())
        try pending.feed([7], chunks: [0..<1])
        try await pending.commit()
        let writeError = #expect(throws: ObjectStoreError.self) {
            try pending.feed([8], chunks: [0..<1])
        }
        #expect(writeError?.code == .invalidArgument)
        let commitError = await #expect(throws: ObjectStoreError.self) { try await pending.commit() }
        #expect(commitError?.code == .invalidArgument)
        #expect(store.contents(of: "key") == [7])
    }

    @Test func readOfAStaleListingIsSourceChanged() async throws {
        let store = MemoryStore()
        let old = store.put("key", [1, 2, 3])
        store.put("key", [1, 2, 3, 4])
        let error = await #expect(throws: ObjectStoreError.self) {
            try await store.read(old, range: nil, into: CollectingSink())
        }
        #expect(error?.code == .sourceChanged)
    }

    @Test func readOfAMissingObjectIsNotFound() async throws {
        let store = MemoryStore()
        let gone = store.put("key", [1])
        store.remove("key")
        let error = await #expect(throws: ObjectStoreError.self) {
            try await store.read(gone, range: nil, into: CollectingSink())
        }
        #expect(error?.code == .notFound)
        #expect(store.keys.isEmpty)
    }

    @Test(arguments: [(-1 as Int64)..<2, 0..<4, 3..<5])
    func readOutsideTheObjectIsInvalid(range: Range<Int64>) async throws {
        let store = MemoryStore()
        let info = store.put("key", [1, 2, 3])
        let error = await #expect(throws: ObjectStoreError.self) {
            try await store.read(info, range: range, into: CollectingSink())
        }
        #expect(error?.code == .invalidArgument)
    }

    @Test func md5OfAnObjectWithoutKnownDigestComesFromTheStore() async throws {
        let store = MemoryStore()
        store.put("key", Array("abc".utf8))
        let digest = try await store.md5(of: ObjectInfo(key: "key", size: 3))
        #expect(digest?.hex == "900150983cd24fb0d6963f7d28e17f72")
    }

    @Test func putReplacesAndKeysAreSorted() {
        let store = MemoryStore()
        store.put("b", [1])
        store.put("a", [2])
        store.put("b", [3, 3], lastModified: Date(timeIntervalSince1970: 5))
        #expect(store.keys == ["a", "b"])
        #expect(store.contents(of: "b") == [3, 3])
    }

    /// Like S3, a flat namespace: a key may also be the start of other keys.
    @Test func fileAndFolderOfTheSameNameCoexist() async throws {
        let store = MemoryStore()
        for key: ObjectKey in ["a", "a/", "a/b"] {
            let pending = try await store.create(ObjectInfo(key: key, size: 1), options: CreateOptions())
            try pending.feed([1], chunks: [0..<1])
            try await pending.commit()
        }
        #expect(try await store.listAll().map(\.key) == ["a", "a/", "a/b"])
    }

    @Test func locationNamesTheStore() {
        #expect(MemoryStore(name: "src").location(of: "a/b") == "src:a/b")
    }

    @Test func capabilitiesDescribeAFlatStore() {
        let capabilities = MemoryStore().capabilities
        #expect(capabilities.writable)
        #expect(capabilities.rangedReads)
        #expect(capabilities.preservesModificationTime)
        #expect(capabilities.computesMD5ByReading)
        #expect(!capabilities.hierarchicalNamespace)
    }
}
