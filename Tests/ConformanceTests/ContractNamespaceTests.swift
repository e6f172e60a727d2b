import ObjectStore
import Testing

struct ContractNamespaceTests {
    /// `dir/` is an empty folder in a hierarchical store and an empty object in a flat one; either
    /// way it is listed as `dir/` with size 0 while nothing is under it.
    @Test(arguments: StoreFixture.all)
    func directoryMarkerIsListedWhileEmpty(fixture: StoreFixture) async throws {
        try await fixture.withStore { store in
            try await store.put("dir/", [])
            try await store.put("other.txt", payload(2))
            let listing = try await store.sortedListing()
            #expect(listing.map(\.key) == ["dir/", "other.txt"])
            #expect(listing.map(\.size) == [0, 2])
            let info = try #require(try await store.stat("dir/"))
            #expect(info.size == 0)
            #expect(try await store.sortedListing(prefix: "dir").map(\.key) == ["dir/"])
        }
    }

    /// A name is a file or a folder in a hierarchical store; a flat store keeps both.
    @Test(arguments: StoreFixture.all, [("a", "a/b"), ("d/x", "d")] as [(ObjectKey, ObjectKey)])
    func fileAndFolderOfTheSameName(fixture: StoreFixture, keys: (first: ObjectKey, second: ObjectKey)) async throws {
        try await fixture.withStore { store in
            try await store.put(keys.first, payload(3))
            if store.capabilities.hierarchicalNamespace {
                let error = await #expect(throws: ObjectStoreError.self) {
                    try await store.put(keys.second, payload(4), replaceExisting: true)
                }
                #expect(error?.code == .collision)
                #expect(try await store.sortedListing().map(\.key) == [keys.first])
                #expect(try await store.contents(of: keys.first) == payload(3))
            } else {
                try await store.put(keys.second, payload(4))
                #expect(try await store.sortedListing().map(\.key) == [keys.first, keys.second].sorted())
            }
        }
    }
}
