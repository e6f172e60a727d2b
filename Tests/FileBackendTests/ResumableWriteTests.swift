@testable import FileBackend
import Foundation
import ObjectStore
import Testing
import TestSupport

@Suite("FileStore: resumable partial files and their journals")
struct ResumableWriteTests {
    static let partSize: Int64 = 1 << 16
    static let bytes: [UInt8] = {
        var random = SeededBytes(seed: 5)
        return random.bytes(Int(partSize) * 6 + 1234)
    }()
    static let object = ObjectInfo(key: ObjectKey("big/object.bin"), size: Int64(bytes.count), etag: "\"etag-1\"")
    static let plan = ResumePlan(etag: "\"etag-1\"", checksumAlgorithm: "CRC32", partSize: partSize)

    func open(_ store: FileStore, plan: ResumePlan = Self.plan, object: ObjectInfo = Self.object) async throws -> (any ResumablePendingObject)? {
        try await store.createResumable(object, plan: plan, options: CreateOptions())
    }

    /// Writes and records the parts `indices`, each with a checksum of its index.
    func complete(_ pending: any ResumablePendingObject, _ indices: [Int]) throws {
        for index in indices {
            let part = pending.parts[index]
            try Self.bytes[Int(part.lowerBound)..<Int(part.upperBound)].withUnsafeBytes { try pending.write($0, at: part.lowerBound) }
            try pending.partCompleted(index, checksum: [UInt8(index), 0xAB, 0xCD, 0xEF])
        }
    }

    var partialName: String { TemporaryName.resumable(for: "object.bin") }

    @Test("finished parts survive a suspend (or a killed process) with their checksums; commit writes the exact object and leaves no partial file")
    func resumesAndCommits() async throws {
        let sandbox = TemporaryDirectory("resume")
        let store = makeStore(sandbox.path)
        let first = try #require(try await open(store))
        #expect(first.parts.count == 7 && first.completedParts.isEmpty)
        try complete(first, [0, 2, 5])
        await first.suspend()
        #expect(FileManager.default.fileExists(atPath: sandbox.at("root/big/\(partialName)")))
        #expect(try await store.listAll().isEmpty, "a partial file is never listed")

        let second = try #require(try await open(store))
        #expect(second.completedParts == [0: [0, 0xAB, 0xCD, 0xEF], 2: [2, 0xAB, 0xCD, 0xEF], 5: [5, 0xAB, 0xCD, 0xEF]])
        try complete(second, [1, 3, 4, 6])
        try await second.commit()
        #expect(try Data(contentsOf: URL(fileURLWithPath: sandbox.at("root/big/object.bin"))) == Data(Self.bytes))
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.at("root/big")) == ["object.bin"])
    }

    @Test("a journal made with another part size is resumed in its own parts")
    func keepsTheJournalsPartSize() async throws {
        let sandbox = TemporaryDirectory("resume-parts")
        let store = makeStore(sandbox.path)
        let first = try #require(try await open(store))
        try complete(first, [1])
        await first.suspend()
        var other = Self.plan
        other.partSize = 4 << 20
        let second = try #require(try await open(store, plan: other))
        #expect(second.parts == first.parts && second.completedParts.keys.sorted() == [1])
        await second.abort()
    }

    @Test("a torn or out-of-range newest slot falls back to the one before; both torn, another ETag or key, or garbage start from nothing",
          arguments: ["torn newest", "both torn", "other etag", "index out of range", "other key", "garbage"])
    func ignoresBadJournals(_ damage: String) async throws {
        let sandbox = TemporaryDirectory("resume-bad")
        let store = makeStore(sandbox.path)
        let first = try #require(try await open(store))
        try complete(first, [0, 1, 2])  // generations 1, 2, 3: slot 1 holds 3, slot 0 holds 2
        await first.suspend()
        let path = sandbox.at("root/big/\(partialName)")
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        var journal = ResumeJournal(key: Self.object.key.rawValue, size: Self.object.size, plan: Self.plan, generation: 5)
        let slot = Int64(journal.slotSize)
        func overwrite(_ bytes: [UInt8], at offset: Int64) throws {
            try handle.seek(toOffset: UInt64(offset))
            handle.write(Data(bytes))
        }
        var expected: [Int] = []
        var plan = Self.plan
        switch damage {
        case "torn newest":
            try overwrite([0x58], at: Self.object.size + slot + 40)
            expected = [0, 1]
        case "both torn":
            try overwrite([0x58], at: Self.object.size + 40)
            try overwrite([0x58], at: Self.object.size + slot + 40)
        case "other etag":
            plan.etag = "\"etag-2\""
            expected = []
        case "index out of range":
            journal.completed = [0: [1], 99: [2]]
            try overwrite(journal.encoded(), at: Self.object.size + slot)
            expected = [0, 1]  // the hostile slot is ignored like a torn one
        case "other key":
            journal.key = "big/another.bin"
            journal.completed = [0: [1]]
            try overwrite(journal.encoded(), at: Self.object.size + slot)
        default:
            try overwrite(Array(repeating: 0x41, count: Int(slot) * 2), at: Self.object.size)
        }
        try handle.close()
        let second = try #require(try await open(store, plan: plan))
        #expect(second.completedParts.keys.sorted() == expected)
        try complete(second, (0..<7).filter { !expected.contains($0) })
        try await second.commit()
        #expect(try Data(contentsOf: URL(fileURLWithPath: sandbox.at("root/big/object.bin"))) == Data(Self.bytes))
    }

    @Test("a link, a folder or a live writer's lock under the partial name: no resumable write, nothing touched")
    func declinesWhatItDoesNotOwn() async throws {
        let sandbox = TemporaryDirectory("resume-decline")
        let store = makeStore(sandbox.path)
        sandbox.write("outside/target", "keep me")
        try FileManager.default.createDirectory(atPath: sandbox.at("root/big"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: sandbox.at("root/big/\(partialName)"), withDestinationPath: sandbox.at("outside/target"))
        #expect(try await open(store) == nil)
        #expect(try String(contentsOfFile: sandbox.at("outside/target"), encoding: .utf8) == "keep me")
        try FileManager.default.removeItem(atPath: sandbox.at("root/big/\(partialName)"))

        try FileManager.default.createDirectory(atPath: sandbox.at("root/big/\(partialName)"), withIntermediateDirectories: true)
        #expect(try await open(store) == nil)
        try FileManager.default.removeItem(atPath: sandbox.at("root/big/\(partialName)"))

        let writer = try #require(try await open(store))
        #expect(try await open(store) == nil, "the lock of the first writer holds")
        await writer.suspend()
        let next = try #require(try await open(store))
        await next.abort()
        #expect(!FileManager.default.fileExists(atPath: sandbox.at("root/big/\(partialName)")))
    }

    @Test("a key shaped like a partial file is refused; the sweep removes only partial files idle for 7 days")
    func refusesLookAlikesAndSweepsStale() async throws {
        let sandbox = TemporaryDirectory("resume-sweep")
        let store = makeStore(sandbox.path)
        await #expect { try await put(store, "dir/\(partialName)", [1]) } throws: { ($0 as? ObjectStoreError)?.code == .invalidKey }
        let stale = sandbox.write("root/old/\(TemporaryName.resumable(for: "a"))", "stale")
        let recent = sandbox.write("root/old/\(TemporaryName.resumable(for: "b"))", "recent")
        let weekAgo = Date().addingTimeInterval(-8 * 24 * 3600)
        try FileManager.default.setAttributes([.modificationDate: weekAgo], ofItemAtPath: stale)
        try await put(store, "old/new-file", [7])
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: recent))
    }
}
