@testable import Digests
import ObjectStore
import Testing

struct DigestTests {
    /// FIPS 180-2 appendix B examples, and the empty message.
    static let sha256Vectors: [(String, String)] = [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ]

    @Test(arguments: sha256Vectors)
    func sha256KnownAnswers(message: String, hex: String) {
        #expect(SHA256Hasher.hexDigest(message.utf8) == hex)
        #expect(SHA256Hasher.digest(Array(message.utf8)).count == SHA256Hasher.byteCount)
        let hasher = EVPDigest(.sha256)
        Array(message.utf8).withUnsafeBytes { hasher.update($0) }
        #expect(HexEncoding.encode(hasher.finalize()) == hex)
    }

    /// FIPS 180-2 B.3: one million `a`, fed in pieces.
    @Test func sha256OfAMillionAs() {
        let hasher = EVPDigest(.sha256)
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { chunk.withUnsafeBytes { hasher.update($0) } }
        #expect(HexEncoding.encode(hasher.finalize())
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Feeding the same bytes in pieces of any size gives the one-shot digest.
    @Test(arguments: [EVPDigest.Algorithm.md5, .sha256], [1, 3, 63, 64, 65, 1000, 4096])
    func streamingInChunksMatchesOneShot(algorithm: EVPDigest.Algorithm, chunkSize: Int) {
        let bytes = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let hasher = EVPDigest(algorithm)
        bytes.withUnsafeBytes { buffer in
            var start = 0
            while start < buffer.count {
                let end = min(start + chunkSize, buffer.count)
                hasher.update(UnsafeRawBufferPointer(rebasing: buffer[start..<end]))
                start = end
            }
        }
        #expect(hasher.finalize() == bytes.withUnsafeBytes { EVPDigest.digest(algorithm, of: $0) })
    }

    /// A sequence without contiguous storage hashes like the same bytes in an array.
    @Test func nonContiguousSequences() {
        let bytes = (0..<300).lazy.map { UInt8(truncatingIfNeeded: $0) }
        #expect(SHA256Hasher.digest(bytes) == SHA256Hasher.digest(Array(bytes)))
        #expect(HMACSHA256.authenticationCode(key: bytes, message: bytes)
                == HMACSHA256.authenticationCode(key: Array(bytes), message: Array(bytes)))
    }

    /// RFC 4231 section 4: test cases 1, 2, 3 and 6 (a key longer than the block).
    static let hmacVectors: [(key: [UInt8], message: [UInt8], hex: String)] = [
        ([UInt8](repeating: 0x0B, count: 20), Array("Hi There".utf8),
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (Array("Jefe".utf8), Array("what do ya want for nothing?".utf8),
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        ([UInt8](repeating: 0xAA, count: 20), [UInt8](repeating: 0xDD, count: 50),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        ([UInt8](repeating: 0xAA, count: 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
    ]

    @Test(arguments: hmacVectors.indices)
    func hmacSHA256KnownAnswers(index: Int) {
        let vector = Self.hmacVectors[index]
        let code = HMACSHA256.authenticationCode(key: vector.key, message: vector.message)
        #expect(code.count == HMACSHA256.byteCount)
        #expect(HexEncoding.encode(code) == vector.hex)
    }

    /// Empty keys and messages are valid inputs (the values are those of Python's `hmac`).
    @Test func hmacOfEmptyInputs() {
        #expect(HexEncoding.encode(HMACSHA256.authenticationCode(key: [UInt8](), message: [UInt8]()))
                == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    @Test func hexEncoding() {
        #expect(HexEncoding.encode([UInt8]()) == "")
        #expect(HexEncoding.encode([0x00, 0x0F, 0xA5, 0xFF]) == "000fa5ff")
    }
}
