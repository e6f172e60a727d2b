import Digests
import Foundation
import ObjectStore
import Testing

struct ContractMetadataTests {
    @Test(
        arguments: StoreFixture.having(\.preservesModificationTime),
        [1_000_000_000, 1_500_000_000.25, 1_700_000_000.999] as [TimeInterval])
    func commitPreservesModificationTime(fixture: StoreFixture, seconds: TimeInterval) async throws {
        try await fixture.withStore { store in
            try await store.put("dated/file.txt", payload(5), lastModified: Date(timeIntervalSince1970: seconds))
            let expected = seconds.rounded(.down)
            let stat = try #require(try await store.stat("dated/file.txt"))
            #expect(stat.lastModified.map { $0.timeIntervalSince1970.rounded(.down) } == expected)
            let listed = try await store.listAll().first
            #expect(listed?.lastModified.map { $0.timeIntervalSince1970.rounded(.down) } == expected)
        }
    }

    @Test(arguments: StoreFixture.having(\.computesMD5ByReading), [0, 3, 100_000])
    func md5OfContentsIsComputed(fixture: StoreFixture, size: Int) async throws {
        try await fixture.withStore { store in
            let bytes = payload(size, seed: 6)
            try await store.put("hashed.bin", bytes)
            let info = try #require(try await store.stat("hashed.bin"))
            let expected = MD5Hasher.digest(bytes)
            #expect(try await store.md5(of: info) == expected)
            // Without a digest in the listing entry, the store finds one.
            #expect(try await store.md5(of: ObjectInfo(key: "hashed.bin", size: Int64(size))) == expected)
        }
    }

    /// Whatever a store reports as an object's MD5 for free is that object's MD5.
    @Test(arguments: StoreFixture.all)
    func reportedMD5IsTheContentsMD5(fixture: StoreFixture) async throws {
        try await fixture.withStore { store in
            let objects: [(ObjectKey, [UInt8])] = [("a.bin", payload(0)), ("b/c.bin", payload(77, seed: 1))]
            for (key, bytes) in objects { try await store.put(key, bytes) }
            let listed = try await store.listAll()
            for (key, bytes) in objects {
                let digest = MD5Hasher.digest(bytes)
                let stat = try #require(try await store.stat(key))
                #expect(stat.md5 == nil || stat.md5 == digest)
                let entry = try #require(listed.first { $0.key == key })
                #expect(entry.md5 == nil || entry.md5 == digest)
            }
        }
    }
}
