import FileBackend
import Foundation
import ObjectStore
import Testing
import TestSupport

@Suite("FileStore to FileStore: the in-kernel copy path")
struct FileToFileCopyTests {
    @Test("a file larger than one copy piece arrives whole, and the sink is offered the file first")
    func largeFile() async throws {
        let sandbox = TemporaryDirectory("kcopy")
        var random = SeededBytes(seed: 9)
        let bytes = random.bytes((20 << 20) + 123)
        sandbox.write("src/big", bytes)
        let source = FileStore(root: sandbox.at("src"), logger: .init(label: "t"))
        let destination = FileStore(root: sandbox.at("dst"), logger: .init(label: "t"))
        let object = try #require(try await source.stat("big"))
        let pending = try await destination.create(object, options: CreateOptions())
        let spy = OfferCounter(pending)
        try await source.read(object, range: nil, into: spy)
        try await pending.commit()
        #expect(spy.offers == 3)  // 8 + 8 + 4 MiB pieces
        #expect(spy.writes == 0)
        #expect(FileManager.default.contents(atPath: sandbox.at("dst/big")).map(Array.init) == bytes)
    }

    @Test("a sink that declines the file gets the same bytes by write")
    func declined() async throws {
        let sandbox = TemporaryDirectory("kcopy2")
        sandbox.write("src/f", "0123456789")
        let source = FileStore(root: sandbox.at("src"), logger: .init(label: "t"))
        let object = try #require(try await source.stat("f"))
        let sink = CollectingSink()
        try await source.read(object, range: 2..<7, into: sink)
        #expect(sink.bytes == Array("23456".utf8))
        #expect(sink.offsets == [2])
    }
}

/// Passes everything on to a pending object, counting how the bytes came.
final class OfferCounter: ByteSink, @unchecked Sendable {
    let downstream: any PendingObject
    var offers = 0
    var writes = 0

    init(_ downstream: any PendingObject) { self.downstream = downstream }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws {
        writes += 1
        try downstream.write(bytes, at: offset)
    }

    func copy(fromFile descriptor: Int32, at sourceOffset: Int64, count: Int, to offset: Int64) throws -> Bool {
        offers += 1
        return try downstream.copy(fromFile: descriptor, at: sourceOffset, count: count, to: offset)
    }
}
