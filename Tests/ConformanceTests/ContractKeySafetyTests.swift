import ObjectStore
import Testing

/// Keys a store may refuse. A store either holds such a key exactly, under that key, or refuses it
/// with `invalidKey`; it never stores the object anywhere else.
struct ContractKeySafetyTests {
    static let keys: [SpecialKey] = [
        "../escape.txt",
        "a/../b.txt",
        "./x.txt",
        "a//b.txt",
        "a/./b.txt",
        // A combining mark after '/' joins it into one Character, but the path still has a '/'.
        "../\u{301}escape.txt",
        "a/..\u{301}/b.txt",  // "..\u{301}" is an ordinary name, not ".."
    ].map { SpecialKey(key: ObjectKey($0)) }

    @Test(arguments: StoreFixture.all, keys)
    func keyIsHeldExactlyOrRefused(fixture: StoreFixture, special: SpecialKey) async throws {
        try await fixture.withStore { store in
            let bytes = payload(9)
            do {
                try await store.put(special.key, bytes)
            } catch let error as ObjectStoreError {
                #expect(error.code == .invalidKey)
                #expect(try await store.listAll().isEmpty)
                return
            }
            let listing = try await store.listAll()
            #expect(listing.map { Array($0.key.rawValue.utf8) } == [Array(special.key.rawValue.utf8)])
            #expect(try await store.contents(of: special.key) == bytes)
        }
    }
}
