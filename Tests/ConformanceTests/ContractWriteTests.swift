import ObjectStore
import Testing

struct ContractWriteTests {
    @Test(arguments: StoreFixture.all)
    func zeroLengthObject(fixture: StoreFixture) async throws {
        try await fixture.withStore { store in
            let pending = try await store.create(ObjectInfo(key: "empty", size: 0), options: CreateOptions())
            try await pending.commit()
            let info = try #require(try await store.stat("empty"))
            #expect(info.size == 0)
            #expect(try await store.listAll().map(\.size) == [0])
            #expect(try await store.contents(of: "empty") == [])
        }
    }

    @Test(arguments: StoreFixture.all)
    func writesOutOfOrderLandAtTheirOffsets(fixture: StoreFixture) async throws {
        try await fixture.withStore { store in
            let bytes = payload(1000, seed: 2)
            let pending = try await store.create(ObjectInfo(key: "halves.bin", size: 1000), options: CreateOptions())
            try bytes.withUnsafeBytes { buffer in
                try pending.write(UnsafeRawBufferPointer(rebasing: buffer[600..<1000]), at: 600)
                try pending.write(UnsafeRawBufferPointer(rebasing: buffer[0..<600]), at: 0)
            }
            try await pending.commit()
            #expect(try await store.contents(of: "halves.bin") == bytes)
        }
    }

    /// Disjoint ranges may be written from many tasks at once.
    @Test(arguments: StoreFixture.all)
    func concurrentWritesOfDisjointRanges(fixture: StoreFixture) async throws {
        try await fixture.withStore { store in
            let chunk = 65_536
            let count = 16
            let bytes = payload(chunk * count, seed: 4)
            let pending = try await store.create(ObjectInfo(key: "parts.bin", size: Int64(bytes.count)), options: CreateOptions())
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in (0..<count).reversed() {
                    let part = Array(bytes[index * chunk..<(index + 1) * chunk])
                    group.addTask {
                        try part.withUnsafeBytes { try pending.write($0, at: Int64(index * chunk)) }
                    }
                }
                try await group.waitForAll()
            }
            try await pending.commit()
            #expect(try await store.contents(of: "parts.bin") == bytes)
        }
    }

    /// Until commit returns, nobody sees the object or any part of it.
    @Test(arguments: StoreFixture.all, ["pending.bin", "nested/deeper/pending.bin"] as [ObjectKey])
    func pendingObjectIsInvisibleUntilCommit(fixture: StoreFixture, key: ObjectKey) async throws {
        try await fixture.withStore { store in
            let bytes = payload(100)
            let pending = try await store.create(ObjectInfo(key: key, size: 100), options: CreateOptions())
            try bytes.withUnsafeBytes { try pending.write(UnsafeRawBufferPointer(rebasing: $0[0..<50]), at: 0) }
            #expect(try await store.stat(key) == nil)
            #expect(try await store.listAll().isEmpty)
            try bytes.withUnsafeBytes { try pending.write(UnsafeRawBufferPointer(rebasing: $0[50..<100]), at: 50) }
            #expect(try await store.stat(key) == nil)
            try await pending.commit()
            #expect(try await store.contents(of: key) == bytes)
        }
    }

    /// "A failed write leaves nothing behind": no object, and no folder made for it.
    @Test(arguments: StoreFixture.all, ["partial.bin", "nested/deeper/partial.bin"] as [ObjectKey])
    func abortAfterPartialWritesLeavesNothing(fixture: StoreFixture, key: ObjectKey) async throws {
        try await fixture.withStore { store in
            let pending = try await store.create(ObjectInfo(key: key, size: 100), options: CreateOptions())
            try payload(40).withUnsafeBytes { try pending.write($0, at: 0) }
            await pending.abort()
            let stat = try await store.stat(key)
            let listing = try await store.listAll()
            #expect(stat == nil)
            #expect(listing.map(\.key) == [])
        }
    }

    /// A commit whose bytes do not add up to the declared size fails with `corrupt` and leaves nothing.
    @Test(arguments: StoreFixture.all, [(100, 40), (10, 20)] as [(Int64, Int)])
    func commitOfWrongSizeIsCorrupt(fixture: StoreFixture, sizes: (declared: Int64, written: Int)) async throws {
        try await fixture.withStore { store in
            let pending = try await store.create(ObjectInfo(key: "short.bin", size: sizes.declared), options: CreateOptions())
            try payload(sizes.written).withUnsafeBytes { try pending.write($0, at: 0) }
            let error = await #expect(throws: ObjectStoreError.self) { try await pending.commit() }
            #expect(error?.code == .corrupt)
            await pending.abort()  // harmless after a failed commit
            #expect(try await store.stat("short.bin") == nil)
            #expect(try await store.listAll().isEmpty)
        }
    }
}
