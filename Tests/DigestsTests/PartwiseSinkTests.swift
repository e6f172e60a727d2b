import Digests
import ObjectStore
import Testing
import TestSupport

@Suite("PartwiseSink: one stream hashed in an upload's part layout")
struct PartwiseSinkTests {
    static let bytes: [UInt8] = (0..<1000).map { UInt8(($0 * 31) % 256) }

    @Test("fed in pieces that cross part boundaries, each part's digest equals the digest of that part alone",
          arguments: [PartwiseCheck.Digest.md5, .checksum(.crc32c), .checksum(.sha256)])
    func digestsPerPart(_ digest: PartwiseCheck.Digest) throws {
        let check = PartwiseCheck(digest: digest, partSize: 300, partCount: 4, value: [])
        let downstream = CollectingSink()
        let sink = PartwiseSink(check, forwardingTo: downstream)
        var offset = 0
        for piece in [1, 299, 1, 450, 249] {
            try Self.bytes[offset..<offset + piece].withUnsafeBytes { try sink.write($0, at: Int64(offset)) }
            offset += piece
        }
        let expected = check.parts(ofSize: 1000).map { PartHasher.digest(digest, of: Array(Self.bytes[Int($0.lowerBound)..<Int($0.upperBound)])) }
        #expect(sink.finalize() == expected)
        #expect(expected.count == 4)
        #expect(downstream.bytes == Self.bytes)
    }

    @Test("bytes out of order are corrupt")
    func outOfOrder() throws {
        let sink = PartwiseSink(PartwiseCheck(digest: .md5, partSize: 4, partCount: 1, value: []), forwardingTo: CollectingSink())
        #expect(throws: ObjectStoreError.self) {
            try [1, 2].withUnsafeBytes { try sink.write($0, at: 5) }
        }
    }
}
