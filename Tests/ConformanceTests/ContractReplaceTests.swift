import ObjectStore
import Testing

struct ContractReplaceTests {
    @Test(arguments: StoreFixture.all)
    func commitWithoutReplaceOverExistingObjectFails(fixture: StoreFixture) async throws {
        try await fixture.withStore { store in
            let old = payload(10, seed: 1)
            try await store.put("key.bin", old)
            let error = await #expect(throws: ObjectStoreError.self) {
                try await store.put("key.bin", payload(3, seed: 2), replaceExisting: false)
            }
            #expect(error?.code == .alreadyExists)
            #expect(try await store.contents(of: "key.bin") == old)
            #expect(try await store.listAll().map(\.size) == [10])
        }
    }

    /// The object appears after the write began: the commit still refuses to replace it.
    @Test(arguments: StoreFixture.all)
    func objectThatAppearsDuringTheWriteIsKept(fixture: StoreFixture) async throws {
        try await fixture.withStore { store in
            let mine = payload(8, seed: 1)
            let theirs = payload(5, seed: 2)
            let pending = try await store.create(ObjectInfo(key: "raced.bin", size: 8), options: CreateOptions(replaceExisting: false))
            try mine.withUnsafeBytes { try pending.write($0, at: 0) }
            try await store.put("raced.bin", theirs)
            let error = await #expect(throws: ObjectStoreError.self) { try await pending.commit() }
            #expect(error?.code == .alreadyExists)
            await pending.abort()
            #expect(try await store.contents(of: "raced.bin") == theirs)
            #expect(try await store.listAll().map(\.key) == ["raced.bin"])
        }
    }

    @Test(arguments: StoreFixture.all)
    func commitWithReplaceReplaces(fixture: StoreFixture) async throws {
        try await fixture.withStore { store in
            try await store.put("key.bin", payload(10, seed: 1))
            let new = payload(3, seed: 2)
            try await store.put("key.bin", new, replaceExisting: true)
            #expect(try await store.contents(of: "key.bin") == new)
            let listing = try await store.listAll()
            #expect(listing.map(\.key) == ["key.bin"])
            #expect(listing.map(\.size) == [3])
        }
    }
}
