import ObjectStore
@testable import S3Backend
import Testing
import TestSupport

/// The inflater of the inventory data files.
struct InventoryGzipTests {
    /// Bytes that compress, but not to nothing: more than one output buffer of them.
    static let text: [UInt8] = (0..<200_000).map { UInt8(truncatingIfNeeded: ($0 * 7919) >> 5 ^ $0 % 251) }

    /// What `compressed` inflates to, fed `chunkSize` bytes at a time, with the stream's end checked.
    static func inflate(_ compressed: [UInt8], chunkSize: Int) throws -> [UInt8] {
        let inflater = GzipInflater(source: "test.gz")
        var output: [UInt8] = []
        try compressed.withUnsafeBytes { buffer in
            var start = 0
            while start < buffer.count {
                let end = min(start + chunkSize, buffer.count)
                try inflater.inflate(UnsafeRawBufferPointer(rebasing: buffer[start..<end])) { piece in
                    #expect(piece.count <= GzipInflater.outputCapacity)
                    output += piece
                }
                start = end
            }
        }
        try inflater.finish()
        return output
    }

    static func code(_ compressed: [UInt8], chunkSize: Int = 1000) -> ObjectStoreError.Code? {
        do {
            _ = try inflate(compressed, chunkSize: chunkSize)
            return nil
        } catch {
            return (error as? ObjectStoreError)?.code
        }
    }

    @Test(arguments: [1, 7, 4096, 1 << 20])
    func inflatesInAnyChunking(chunkSize: Int) throws {
        #expect(try Self.inflate(GzipFixture.compress(Self.text), chunkSize: chunkSize) == Self.text)
    }

    @Test(arguments: [1, 5, 1 << 20])
    func concatenatedMembersReadAsOne(chunkSize: Int) throws {
        let compressed = GzipFixture.compress(Self.text, splittingAt: [1, 70_000, 70_000, 150_001])
        #expect(try Self.inflate(compressed, chunkSize: chunkSize) == Self.text)
    }

    @Test func anEmptyMemberIsNoBytes() throws {
        #expect(try Self.inflate(GzipFixture.compress([]), chunkSize: 3) == [])
    }

    @Test(arguments: [1, 10, 100])
    func truncatedIsCorrupt(cut: Int) {
        let compressed = GzipFixture.compress(Self.text)
        #expect(Self.code(Array(compressed.dropLast(cut))) == .corrupt)
        #expect(Self.code(Array(compressed.prefix(cut))) == .corrupt)
    }

    @Test func nothingIsCorrupt() {
        #expect(Self.code([]) == .corrupt)
    }

    @Test func damagedIsCorrupt() {
        var compressed = GzipFixture.compress(Self.text)
        compressed[compressed.count / 2] ^= 0x55
        #expect(Self.code(compressed) == .corrupt)
        var badCRC = GzipFixture.compress(Self.text)
        badCRC[badCRC.count - 6] ^= 1
        #expect(Self.code(badCRC) == .corrupt)
        #expect(Self.code(Array("plain text, not gzip".utf8)) == .corrupt)
    }

    @Test func bytesAfterTheLastMemberAreCorrupt() {
        #expect(Self.code(GzipFixture.compress(Self.text) + [0, 0, 0, 0]) == .corrupt)
        #expect(Self.code(GzipFixture.compress(Self.text) + Array("junk".utf8)) == .corrupt)
    }

    @Test func zlibNamesTheFailure() {
        #expect { try Self.inflate(Array("not gzip".utf8), chunkSize: 8) } throws: { error in
            let failure = error as? ObjectStoreError
            return failure?.code == .corrupt && failure?.cause?.domain == "zlib"
        }
    }
}
