import Digests
import ObjectStore
import Testing

struct MD5HasherTests {
    /// The test suite of RFC 1321, appendix A.5.
    static let rfc1321Vectors: [(String, String)] = [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),
        ("a", "0cc175b9c0f1b6a831c399e269772661"),
        ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
        ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
        (
            "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
            "57edf4a22be3c955ac49da2e2107b67a"
        ),
    ]

    @Test(arguments: rfc1321Vectors)
    func digestMatchesRFC1321(message: String, hex: String) {
        #expect(MD5Hasher.digest(message.utf8).hex == hex)
    }

    @Test func emptyUpdatesChangeNothing() {
        let hasher = MD5Hasher()
        let empty: [UInt8] = []
        empty.withUnsafeBytes { hasher.update($0) }
        Array("abc".utf8).withUnsafeBytes { hasher.update($0) }
        empty.withUnsafeBytes { hasher.update($0) }
        #expect(hasher.finalize().hex == "900150983cd24fb0d6963f7d28e17f72")
    }
}
