import TestSupport
import ObjectStore
import Testing

struct ContractReadTests {
    /// An object size and the range to read from it (`nil`: the whole object).
    struct ReadCase: Sendable, CustomTestStringConvertible {
        let size: Int
        let range: Range<Int64>?
        var testDescription: String { "\(size) bytes, range \(range.map { "\($0)" } ?? "all")" }
    }

    static let reads: [ReadCase] = [
        ReadCase(size: 100, range: nil),
        ReadCase(size: 100, range: 3..<10),
        ReadCase(size: 100, range: 0..<100),
        ReadCase(size: 100, range: 0..<1),
        ReadCase(size: 100, range: 99..<100),
        ReadCase(size: 2_621_440, range: nil),  // larger than a read buffer: arrives in several chunks
        ReadCase(size: 2_621_440, range: 1_048_000..<2_100_000),
    ]

    @Test(arguments: StoreFixture.all, reads)
    func readDeliversTheBytesAtTheirOffsets(fixture: StoreFixture, read: ReadCase) async throws {
        try await fixture.withStore { store in
            let bytes = payload(read.size, seed: 5)
            try await store.put("object.bin", bytes)
            let info = try #require(try await store.stat("object.bin"))
            let sink = CollectingSink()
            try await store.read(info, range: read.range, into: sink)
            let wanted = read.range ?? 0..<Int64(read.size)
            #expect(sink.isContiguous(from: wanted.lowerBound))
            #expect(sink.bytes == Array(bytes[Int(wanted.lowerBound)..<Int(wanted.upperBound)]))
        }
    }

    /// An empty range, or an empty object, pushes no bytes.
    @Test(arguments: StoreFixture.all, [(10, 4..<4), (10, 10..<10), (0, 0..<0)] as [(Int, Range<Int64>)])
    func emptyReadPushesNoBytes(fixture: StoreFixture, read: (size: Int, range: Range<Int64>)) async throws {
        try await fixture.withStore { store in
            try await store.put("object.bin", payload(read.size))
            let info = try #require(try await store.stat("object.bin"))
            let sink = CollectingSink()
            try await store.read(info, range: read.range, into: sink)
            #expect(sink.bytes.isEmpty)
            #expect(sink.chunks.allSatisfy { $0.count == 0 })
        }
    }

    @Test(arguments: StoreFixture.all)
    func sinkErrorPropagatesUnchanged(fixture: StoreFixture) async throws {
        try await fixture.withStore { store in
            try await store.put("object.bin", payload(100))
            let info = try #require(try await store.stat("object.bin"))
            await #expect(throws: Refusal()) {
                try await store.read(info, range: nil, into: ThrowingSink(Refusal()))
            }
            #expect(try await store.contents(of: "object.bin") == payload(100))
        }
    }

    @Test(arguments: StoreFixture.all, ["missing.bin", "no/such/object.bin"] as [ObjectKey])
    func readOfMissingObjectIsNotFound(fixture: StoreFixture, key: ObjectKey) async throws {
        try await fixture.withStore { store in
            let error = await #expect(throws: ObjectStoreError.self) {
                try await store.read(ObjectInfo(key: key, size: 4), range: nil, into: CollectingSink())
            }
            #expect(error?.code == .notFound)
        }
    }

    /// A listing is a snapshot; reading an entry whose object has since changed size says so.
    @Test(arguments: StoreFixture.all)
    func readOfChangedObjectIsSourceChanged(fixture: StoreFixture) async throws {
        try await fixture.withStore { store in
            try await store.put("object.bin", payload(10))
            let stale = try #require(try await store.stat("object.bin"))
            try await store.put("object.bin", payload(20), replaceExisting: true)
            let error = await #expect(throws: ObjectStoreError.self) {
                try await store.read(stale, range: nil, into: CollectingSink())
            }
            #expect(error?.code == .sourceChanged)
        }
    }
}

/// The error the refusing sink throws, to check that reads pass it through unchanged.
struct Refusal: Error, Equatable {}
