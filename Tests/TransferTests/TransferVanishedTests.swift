import MemoryBackend
import ObjectStore
import Reporting
import Testing
import Transfer

/// A source whose listing is older than its contents: it lists `listed`, but reads go to a store
/// that may no longer hold some of them (an S3 Inventory made yesterday, a bucket cleaned since).
final class StaleListingStore: ObjectStore {
    let holder: MemoryStore
    let listed: [ObjectInfo]

    init(holder: MemoryStore, listed: [ObjectInfo]) {
        self.holder = holder
        self.listed = listed
    }

    var capabilities: StoreCapabilities { holder.capabilities }
    func list(prefix: String) -> ObjectListing {
        let (stream, continuation) = ObjectListing.makeStream()
        continuation.yield(listed.filter { $0.key.rawValue.hasBytePrefix(prefix) })
        continuation.finish()
        return stream
    }
    func stat(_ key: ObjectKey) async throws -> ObjectInfo? { try await holder.stat(key) }
    func read(_ object: ObjectInfo, range: Range<Int64>?, into sink: any ByteSink) async throws {
        try await holder.read(object, range: range, into: sink)
    }
    func create(_ object: ObjectInfo, options: CreateOptions) async throws -> any PendingObject {
        try await holder.create(object, options: options)
    }
    func md5(of object: ObjectInfo) async throws -> MD5Digest? { try await holder.md5(of: object) }
    func location(of key: ObjectKey) -> String { holder.location(of: key) }
}

@Suite("Objects deleted since they were listed")
struct TransferVanishedTests {
    @Test("an object gone from the source is counted as deleted since listed, not as a failure", arguments: [true, false])
    func vanished(streaming: Bool) async throws {
        let holder = MemoryStore()
        var listed: [ObjectInfo] = []
        for index in 0..<20 { listed.append(holder.put(ObjectKey("k\(index)"), Array(repeating: UInt8(index), count: index * 10))) }
        for index in [3, 11, 19] { holder.remove(ObjectKey("k\(index)")) }
        let destination = MemoryStore()
        let (report, events) = try await transfer(from: StaleListingStore(holder: holder, listed: listed), to: destination,
                                                  streaming: streaming)
        #expect(report.copied == 17)
        #expect(report.vanished == 3)
        #expect(report.failed == 0 && report.failures.isEmpty)
        #expect(report.exitStatus == ExitStatus.success)
        let gone = events.compactMap { event -> ObjectKey? in
            if case .vanished(let object) = event { return object.key }
            return nil
        }
        #expect(Set(gone) == ["k3", "k11", "k19"])
        #expect(try await destination.listAll().count == 17)
        #expect(report.summaryLines()[1] == "skipped 0 (0 B already there), mismatched 0, failed 0, deleted since listed 3")
    }

    @Test("under --verify etag an object gone before its checksum is read is deleted since listed too")
    func vanishedBeforeChecksum() async throws {
        let holder = MemoryStore()
        var listed = [holder.put("a", Array("alpha".utf8)), holder.put("b", Array("beta".utf8))]
        // Listed without an MD5, so the checksum is read from the (now empty) source.
        listed[1].md5 = nil
        listed[1].etag = nil
        holder.remove("b")
        let (report, _) = try await transfer(from: StaleListingStore(holder: holder, listed: listed), to: MemoryStore(),
                                             policy: ComparisonPolicy(verification: .etag))
        #expect(report.copied == 1 && report.vanished == 1 && report.failed == 0)
    }
}
