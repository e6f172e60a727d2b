import CChecksums
import Digests
import Foundation
import ObjectStore
import Testing
import TestSupport

@Suite("ChecksumHasher: S3's checksum algorithms against published vectors")
struct ChecksumHasherTests {
    private static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    private static func checksum(_ algorithm: ChecksumAlgorithm, _ bytes: [UInt8]) -> String {
        hex(bytes.withUnsafeBytes { ChecksumHasher.checksum(algorithm, of: $0) })
    }

    private static let check = Array("123456789".utf8)

    @Test("the catalogue check value of each CRC: the CRC of \"123456789\"")
    func checkValues() {
        // Greg Cook's CRC RevEng catalogue: CRC-32/ISO-HDLC, CRC-32/ISCSI, CRC-64/NVME.
        #expect(Self.checksum(.crc32, Self.check) == "cbf43926")
        #expect(Self.checksum(.crc32c, Self.check) == "e3069283")
        #expect(Self.checksum(.crc64nvme, Self.check) == "ae8b14860a799888")
    }

    @Test("CRC32C: the iSCSI test vectors of RFC 3720, appendix B.4")
    func crc32cRFC3720() {
        #expect(Self.checksum(.crc32c, [UInt8](repeating: 0, count: 32)) == "8a9136aa")
        #expect(Self.checksum(.crc32c, [UInt8](repeating: 0xff, count: 32)) == "62a8ab43")
        #expect(Self.checksum(.crc32c, (0..<32).map { UInt8($0) }) == "46dd794e")
        #expect(Self.checksum(.crc32c, (0..<32).map { UInt8(31 - $0) }) == "113fdb5c")
    }

    @Test("CRC64NVME: the 64b CRC test cases of the NVM Command Set Specification (4 KiB buffers)")
    func crc64NVMeSpecification() {
        #expect(Self.checksum(.crc64nvme, [UInt8](repeating: 0, count: 4096)) == "6482d367eb22b64e")
        #expect(Self.checksum(.crc64nvme, [UInt8](repeating: 0xff, count: 4096)) == "c0ddba7302eca3ac")
        #expect(Self.checksum(.crc64nvme, (0..<4096).map { UInt8($0 & 0xff) }) == "3e729f5f6750449c")
        #expect(Self.checksum(.crc64nvme, (0..<4096).map { UInt8(0xff - $0 & 0xff) }) == "9a2df64b8e9e517e")
        // 32 zero bytes (the AWS SDKs' checksum tests), and S3's base64 form of a short text.
        #expect(Self.checksum(.crc64nvme, [UInt8](repeating: 0, count: 32)) == "cf3473434d4ecf3b")
        let hello = Array("Hello, World!\n".utf8).withUnsafeBytes { ChecksumHasher.checksum(.crc64nvme, of: $0) }
        #expect(Data(hello).base64EncodedString() == "SoXXbx67KpE=")
    }

    @Test("SHA-1 and SHA-256: FIPS 180 examples \"abc\" and the 448-bit message")
    func digests() {
        let two = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(Self.checksum(.sha1, Array("abc".utf8)) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(Self.checksum(.sha1, two) == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        #expect(Self.checksum(.sha256, Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Self.checksum(.sha256, two) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("every algorithm gives its length in bytes, and nothing is the checksum of the empty input", arguments: ChecksumAlgorithm.allCases)
    func lengthsAndEmpty(_ algorithm: ChecksumAlgorithm) {
        let empty = [UInt8]().withUnsafeBytes { ChecksumHasher.checksum(algorithm, of: $0) }
        #expect(empty.count == algorithm.byteCount)
        let expected: [ChecksumAlgorithm: String] = [
            .crc32: "00000000", .crc32c: "00000000", .crc64nvme: "0000000000000000",
            .sha1: "da39a3ee5e6b4b0d3255bfef95601890afd80709",
            .sha256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ]
        #expect(Self.hex(empty) == expected[algorithm])
    }

    @Test("fed in pieces, each algorithm gives what one call gives", arguments: ChecksumAlgorithm.allCases)
    func streamed(_ algorithm: ChecksumAlgorithm) {
        var random = SeededBytes(seed: 7)
        let data = random.bytes(70_000)
        let whole = data.withUnsafeBytes { ChecksumHasher.checksum(algorithm, of: $0) }
        for piece in [1, 15, 16, 63, 64, 65, 4096, 65_537] {
            var hasher = ChecksumHasher(algorithm)
            data.withUnsafeBytes { buffer in
                for start in stride(from: 0, to: buffer.count, by: piece) {
                    hasher.update(UnsafeRawBufferPointer(rebasing: buffer[start..<min(start + piece, buffer.count)]))
                }
            }
            #expect(hasher.finalize() == whole, "pieces of \(piece)")
        }
    }

    @Test("the accelerated CRC32C and CRC64NVME equal the table ones at every length to 1 KiB, every alignment and running value")
    func acceleratedEqualsPortable() {
        var random = SeededBytes(seed: 11)
        let data = random.bytes(1024 + 16)
        var mismatches = 0
        data.withUnsafeBytes { buffer in
            for length in 0...1024 {
                for offset in [0, 1, 3, 8, 15] {
                    let start = buffer.baseAddress! + offset
                    let running = UInt64(length) &* 0x9e37_79b9_7f4a_7c15
                    if s3clone_crc64nvme(running, start, length) != s3clone_crc64nvme_portable(running, start, length) { mismatches += 1 }
                    let running32 = UInt32(truncatingIfNeeded: running)
                    if s3clone_crc32c(running32, start, length) != s3clone_crc32c_portable(running32, start, length) { mismatches += 1 }
                }
            }
        }
        #expect(mismatches == 0)
        let large = random.bytes(3 << 20)
        large.withUnsafeBytes { buffer in
            #expect(s3clone_crc64nvme(0, buffer.baseAddress, buffer.count) == s3clone_crc64nvme_portable(0, buffer.baseAddress, buffer.count))
            #expect(s3clone_crc32c(0, buffer.baseAddress, buffer.count) == s3clone_crc32c_portable(0, buffer.baseAddress, buffer.count))
        }
    }

    @Test("algorithm names: S3's spelling in any case, and the header that carries each")
    func names() {
        #expect(ChecksumAlgorithm(named: "crc64nvme") == .crc64nvme)
        #expect(ChecksumAlgorithm(named: "SHA256") == .sha256)
        #expect(ChecksumAlgorithm(named: "MD5") == nil)
        #expect(ChecksumAlgorithm.crc32c.headerName == "x-amz-checksum-crc32c")
    }
}

@Suite("ChecksumHasher: the CPU's instructions")
struct ChecksumAccelerationTests {
    @Test("on an x86-64 CPU with SSE4.2, PCLMULQDQ, AVX-512 and VPCLMULQDQ (per /proc/cpuinfo) each accelerated path is taken")
    func acceleratedWhereTheCPUCan() throws {
        #if arch(x86_64)
        let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let flags = Set(cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ").map(String.init) ?? [])
        #expect(ChecksumHasher.accelerated.crc32c == flags.contains("sse4_2"))
        #expect(ChecksumHasher.accelerated.crc64nvme == (flags.contains("pclmulqdq") && flags.contains("sse4_1")))
        #expect(ChecksumHasher.accelerated.wideCRC64NVME
                == (ChecksumHasher.accelerated.crc64nvme && flags.contains("avx512f") && flags.contains("vpclmulqdq")))
        #endif
    }
}
