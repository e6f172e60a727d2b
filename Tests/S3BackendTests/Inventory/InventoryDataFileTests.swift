import Digests
import Foundation
import MemoryBackend
import ObjectStore
import S3Backend
import TestSupport
import Testing

struct InventoryDataFileTests {
    /// A store holding `compressed` under a data file's key, and the file as a manifest lists it.
    static func stored(_ compressed: [UInt8], key: String = "inv/src/cfg/data/0001.csv.gz") -> (MemoryStore, InventoryManifest.File) {
        let store = MemoryStore(name: "inventory")
        store.put(ObjectKey(key), compressed)
        return (store, InventoryManifest.File(key: key, size: Int64(compressed.count), md5: MD5Hasher.digest(compressed)))
    }

    /// Every page `read` hands out, in order.
    static func pages(_ file: InventoryManifest.File, from store: any ObjectStore, rangeSize: Int = 1 << 20,
                      pageSize: Int = 1000) async throws -> [[ObjectInfo]] {
        var pages: [[ObjectInfo]] = []
        try await InventoryDataFile.read(file, columns: InventoryFixture.columns, from: store, rangeSize: rangeSize,
                                         pageSize: pageSize) { pages.append($0) }
        return pages
    }

    static func code(_ file: InventoryManifest.File, from store: any ObjectStore, rangeSize: Int = 1 << 20) async -> ObjectStoreError.Code? {
        do {
            _ = try await pages(file, from: store, rangeSize: rangeSize)
            return nil
        } catch {
            return (error as? ObjectStoreError)?.code
        }
    }

    @Test func smallRangesReadWhatOneReadReads() async throws {
        let (csv, objects) = InventoryFixture.bucket(count: 3000)
        let (store, file) = Self.stored(GzipFixture.compress(csv))
        #expect(file.size > 10_000)
        let whole = try await Self.pages(file, from: store).flatMap { $0 }
        #expect(whole == objects)
        for rangeSize in [100, 4097] {
            // The store pushes each range in chunks of 7 bytes.
            var settings = ProbeStore.Settings()
            settings.chunkSize = 7
            let ranged = try await Self.pages(file, from: ProbeStore(store, settings), rangeSize: rangeSize).flatMap { $0 }
            #expect(ranged == whole, "rangeSize \(rangeSize)")
        }
        for rangeSize in [100, 4097] {
            let ranged = try await Self.pages(file, from: store, rangeSize: rangeSize).flatMap { $0 }
            #expect(ranged == whole, "rangeSize \(rangeSize)")
        }
    }

    @Test(arguments: [1, 7, 1000, 5000])
    func pagesHoldAtMostPageSize(pageSize: Int) async throws {
        let (csv, objects) = InventoryFixture.bucket(count: 2500)
        let (store, file) = Self.stored(GzipFixture.compress(csv))
        let pages = try await Self.pages(file, from: store, rangeSize: 1000, pageSize: pageSize)
        #expect(pages.allSatisfy { !$0.isEmpty && $0.count <= pageSize })
        #expect(pages.dropLast().allSatisfy { $0.count == pageSize })
        #expect(pages.flatMap { $0 } == objects)
    }

    @Test func concatenatedMembersSplitInsideRows() async throws {
        let (csv, objects) = InventoryFixture.bucket(count: 500)
        let (store, file) = Self.stored(GzipFixture.compress(csv, splittingAt: [10, 5000, 5001, csv.count / 2]))
        #expect(try await Self.pages(file, from: store, rangeSize: 333).flatMap { $0 } == objects)
    }

    @Test func aFileOfNoRowsHasNoPages() async throws {
        let (store, file) = Self.stored(GzipFixture.compress([]))
        #expect(try await Self.pages(file, from: store).isEmpty)
    }

    @Test func aDifferentMD5IsCorrupt() async {
        let (store, file) = Self.stored(GzipFixture.compress(InventoryFixture.bucket(count: 50).csv))
        var wrong = file
        wrong.md5 = MD5Hasher.digest([1, 2, 3])
        #expect(await Self.code(wrong, from: store) == .corrupt)
        #expect(await Self.code(wrong, from: store, rangeSize: 100) == .corrupt)
    }

    @Test(arguments: [-1, 1])
    func aDifferentSizeIsCorrupt(change: Int64) async {
        let (store, file) = Self.stored(GzipFixture.compress(InventoryFixture.bucket(count: 50).csv))
        var wrong = file
        wrong.size += change
        #expect(await Self.code(wrong, from: store) == .corrupt)
        #expect(await Self.code(wrong, from: store, rangeSize: 100) == .corrupt)
    }

    /// A truncated file whose manifest agrees with it (size and MD5) still fails: the gzip
    /// stream does not end.
    @Test func aTruncatedStreamIsCorrupt() async {
        let compressed = GzipFixture.compress(InventoryFixture.bucket(count: 200).csv)
        let (store, file) = Self.stored(Array(compressed.dropLast(12)))
        #expect(await Self.code(file, from: store) == .corrupt)
        #expect(await Self.code(file, from: store, rangeSize: 64) == .corrupt)
    }

    @Test func aMalformedRowIsCorrupt() async {
        let csv = InventoryFixture.bucket(count: 100).csv + Array("\"src\",\"k\"\n".utf8)
        let (store, file) = Self.stored(GzipFixture.compress(csv))
        #expect(await Self.code(file, from: store, rangeSize: 50) == .corrupt)
    }

    @Test func aMissingFileIsTheStoresError() async {
        let (store, file) = Self.stored(GzipFixture.compress([]))
        store.remove(ObjectKey(file.key))
        #expect(await Self.code(file, from: store) == .notFound)
    }

    /// The next range is read only after the consumer has taken the pages of the last one.
    @Test func pagesComeAsTheRangesAreRead() async throws {
        let (csv, objects) = InventoryFixture.bucket(count: 2000)
        let (store, file) = Self.stored(GzipFixture.compress(csv))
        let probe = ProbeStore(store)
        var readsBeforePage: [Int] = []
        try await InventoryDataFile.read(file, columns: InventoryFixture.columns, from: probe, rangeSize: 200,
                                         pageSize: 100) { _ in readsBeforePage.append(probe.readCount) }
        let reads = Int((file.size + 199) / 200)
        #expect(probe.readCount == reads)
        #expect(readsBeforePage.count == (objects.count + 99) / 100)
        // Pages arrive all along the file, not after the last read.
        #expect(readsBeforePage.first! < reads / 2)
        #expect(readsBeforePage == readsBeforePage.sorted())
    }
}
