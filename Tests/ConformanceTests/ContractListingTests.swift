import ObjectStore
import Testing

struct ContractListingTests {
    @Test(arguments: StoreFixture.all)
    func emptyStoreListsNothing(fixture: StoreFixture) async throws {
        try await fixture.withStore { store in
            let all = try await store.listAll()
            let prefixed = try await store.listAll(prefix: "a")
            #expect(all.isEmpty)
            #expect(prefixed.isEmpty)
        }
    }

    @Test(arguments: StoreFixture.all)
    func nestedKeysAreListedWithTheirSizes(fixture: StoreFixture) async throws {
        try await fixture.withStore { store in
            try await store.put("a/b/c.txt", payload(3))
            try await store.put("a/d.txt", payload(14, seed: 1))
            try await store.put("e.txt", payload(0))
            let listing = try await store.sortedListing()
            #expect(listing.map(\.key) == ["a/b/c.txt", "a/d.txt", "e.txt"])
            #expect(listing.map(\.size) == [3, 14, 0])
        }
    }

    /// More objects than a page holds (the memory fixture's page is 7) are all listed, once.
    @Test(arguments: StoreFixture.all)
    func listingSpansPages(fixture: StoreFixture) async throws {
        try await fixture.withStore { store in
            let keys = (0..<30).map { ObjectKey("dir\($0 % 3)/file\($0)") }
            for (index, key) in keys.enumerated() {
                try await store.put(key, payload(index))
            }
            let listing = try await store.sortedListing()
            #expect(listing.map(\.key) == keys.sorted())
            #expect(Set(listing.map(\.size)) == Set((0..<30).map(Int64.init)))
        }
    }

    @Test(arguments: StoreFixture.all, [
        ("a/", ["a/b/c.txt", "a/d.txt"]),
        ("a/b", ["a/b/c.txt"]),
        ("a/b/", ["a/b/c.txt"]),
        ("a", ["a/b/c.txt", "a/d.txt", "ab.txt"]),
        ("e", ["e.txt"]),
        ("", ["a/b/c.txt", "a/d.txt", "ab.txt", "e.txt"]),
        ("zzz", []),
        ("a/d.txt", ["a/d.txt"]),
        ("a/d.txtx", []),
    ])
    func prefixFilters(fixture: StoreFixture, row: (prefix: String, expected: [ObjectKey])) async throws {
        try await fixture.withStore { store in
            for key: ObjectKey in ["a/b/c.txt", "a/d.txt", "ab.txt", "e.txt"] {
                try await store.put(key, payload(5))
            }
            #expect(try await store.sortedListing(prefix: row.prefix).map(\.key) == row.expected)
        }
    }

    /// Prefixes match bytes, as on S3: no normalization, and a prefix may end inside a character.
    @Test(arguments: StoreFixture.all, [
        ("caf\u{E9}", ["caf\u{E9}.txt"]),
        ("cafe\u{301}", ["cafe\u{301}.txt"]),
        ("cafe", ["cafe\u{301}.txt"]),
        ("caf", ["cafe\u{301}.txt", "caf\u{E9}.txt"]),
    ])
    func prefixMatchesBytes(fixture: StoreFixture, row: (prefix: String, expected: [String])) async throws {
        try await fixture.withStore { store in
            try await store.put("caf\u{E9}.txt", payload(1))
            try await store.put("cafe\u{301}.txt", payload(2))
            let keys = try await store.sortedListing(prefix: row.prefix).map { Array($0.key.rawValue.utf8) }
            #expect(keys == row.expected.map { Array($0.utf8) })
        }
    }
}
