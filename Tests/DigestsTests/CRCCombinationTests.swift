import CZlib
import Digests
import ObjectStore
import Testing
import TestSupport

@Suite("CRCCombination: the CRC of A then B from the CRCs of A and B")
struct CRCCombinationTests {
    private static func crc(_ algorithm: ChecksumAlgorithm, _ bytes: ArraySlice<UInt8>) -> [UInt8] {
        bytes.withUnsafeBytes { ChecksumHasher.checksum(algorithm, of: $0) }
    }

    @Test("every split of random bytes, in each CRC, combines to the CRC of the whole",
          arguments: [ChecksumAlgorithm.crc64nvme, .crc32, .crc32c])
    func combinesEverySplit(algorithm: ChecksumAlgorithm) {
        var random = SeededBytes(seed: 7)
        let bytes = random.bytes(5000)
        let whole = Self.crc(algorithm, bytes[...])
        for split in [0, 1, 7, 8, 9, 63, 64, 65, 1000, 4095, 4999, 5000] {
            let combined = CRCCombination.combine(algorithm, Self.crc(algorithm, bytes[..<split]),
                                                  then: Self.crc(algorithm, bytes[split...]), secondLength: Int64(5000 - split))
            #expect(combined == whole, "split at \(split)")
        }
    }

    @Test("ranges of a large object, folded in order, give the object's CRC; a flipped byte does not")
    func foldsManyRanges() {
        var random = SeededBytes(seed: 11)
        var bytes = random.bytes(1 << 20)
        for algorithm in [ChecksumAlgorithm.crc64nvme, .crc32, .crc32c] {
            let ranges = stride(from: 0, to: bytes.count, by: 65_537).map { $0..<min($0 + 65_537, bytes.count) }
            func folded() -> [UInt8]? {
                var whole = Self.crc(algorithm, bytes[ranges[0]])
                for range in ranges.dropFirst() {
                    guard let next = CRCCombination.combine(algorithm, whole, then: Self.crc(algorithm, bytes[range]), secondLength: Int64(range.count)) else { return nil }
                    whole = next
                }
                return whole
            }
            let expected = Self.crc(algorithm, bytes[...])
            #expect(folded() == expected)
            bytes[300_000] ^= 0x10
            #expect(folded() != expected)
            bytes[300_000] ^= 0x10
        }
    }

    @Test("CRC32 combination agrees with zlib's crc32_combine; SHA digests do not combine")
    func agreesWithZlib() {
        var random = SeededBytes(seed: 3)
        let first = random.bytes(1234), second = random.bytes(777)
        let a = first.withUnsafeBufferPointer { UInt32(crc32_z(0, $0.baseAddress, $0.count)) }
        let b = second.withUnsafeBufferPointer { UInt32(crc32_z(0, $0.baseAddress, $0.count)) }
        let zlib = UInt32(truncatingIfNeeded: crc32_combine(UInt(a), UInt(b), 777))
        let ours = CRCCombination.combine(.crc32, Self.crc(.crc32, first[...]), then: Self.crc(.crc32, second[...]), secondLength: 777)
        #expect(ours == withUnsafeBytes(of: zlib.bigEndian, Array.init))
        #expect(CRCCombination.combine(.sha256, [UInt8](repeating: 0, count: 32), then: [UInt8](repeating: 0, count: 32), secondLength: 1) == nil)
        #expect(!CRCCombination.supports(.sha1))
    }
}
