import ObjectStore
import Testing

/// A key that is awkward somewhere: in a URL, a shell, a terminal, or under Unicode normalization.
struct SpecialKey: Sendable, CustomTestStringConvertible {
    let key: ObjectKey
    var testDescription: String { key.displayName }

    static let all: [SpecialKey] = [
        "a b.txt",
        "a+b.txt",
        "100%.csv",
        "%41.txt",
        "caf\u{E9}.txt",
        "cafe\u{301}.txt",
        "\u{1F600}.png",
        "line\nbreak.txt",
        "carriage\rreturn",
        "tab\tkey",
        "back\\slash",
        " leading-space",
        "trailing-space ",
        "q?.txt",
        "h#frag.txt",
        "amp&eq=.txt",
        "quote\"'`.txt",
        "star*[x].txt",
        "\u{1B}[31mred",
        "evil\u{202E}txt.exe",
        "dir with space/\u{65E5}\u{672C}/file",
        ".hidden",
        "...",
        "-dash",
    ].map { SpecialKey(key: ObjectKey($0)) }
}

struct ContractSpecialKeyTests {
    @Test(arguments: StoreFixture.all, SpecialKey.all)
    func keyRoundTripsExactly(fixture: StoreFixture, special: SpecialKey) async throws {
        guard !fixture.refusedKeys.contains(special.key) else { return }
        try await fixture.withStore { store in
            let bytes = payload(23, seed: 3)
            try await store.put(special.key, bytes)
            let listing = try await store.listAll()
            #expect(listing.map { Array($0.key.rawValue.utf8) } == [Array(special.key.rawValue.utf8)])
            #expect(listing.first?.size == 23)
            let info = try #require(try await store.stat(special.key))
            #expect(Array(info.key.rawValue.utf8) == Array(special.key.rawValue.utf8))
            #expect(try await store.contents(of: special.key) == bytes)
        }
    }

    /// All of them in one store: distinct objects, none merged (notably the two spellings of "café").
    @Test(arguments: StoreFixture.all)
    func specialKeysAreDistinctObjects(fixture: StoreFixture) async throws {
        try await fixture.withStore { store in
            let keys = SpecialKey.all.enumerated().filter { !fixture.refusedKeys.contains($0.element.key) }
            for (index, special) in keys {
                try await store.put(special.key, payload(index + 1, seed: index))
            }
            let listing = try await store.sortedListing()
            #expect(listing.map(\.key) == keys.map(\.element.key).sorted())
            for (index, special) in keys {
                #expect(try await store.contents(of: special.key) == payload(index + 1, seed: index), "\(special.key.displayName)")
            }
        }
    }
}
