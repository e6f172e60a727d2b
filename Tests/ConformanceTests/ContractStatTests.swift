import ObjectStore
import Testing

struct ContractStatTests {
    @Test(arguments: StoreFixture.all, ["missing.txt", "no/such/key.txt", "missing-dir/"] as [ObjectKey])
    func statOfMissingKeyIsNil(fixture: StoreFixture, key: ObjectKey) async throws {
        try await fixture.withStore { store in
            try await store.put("present.txt", payload(1))
            #expect(try await store.stat(key) == nil)
        }
    }

    @Test(arguments: StoreFixture.all, [0, 1, 100, 65_537])
    func statReportsSize(fixture: StoreFixture, size: Int) async throws {
        try await fixture.withStore { store in
            try await store.put("dir/object.bin", payload(size))
            let info = try #require(try await store.stat("dir/object.bin"))
            #expect(info.key == "dir/object.bin")
            #expect(info.size == Int64(size))
        }
    }
}
