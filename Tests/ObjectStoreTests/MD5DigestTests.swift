import Digests
import ObjectStore
import Testing

struct MD5DigestTests {
    static let abcHex = "900150983cd24fb0d6963f7d28e17f72"
    static let abc = MD5Hasher.digest("abc".utf8)

    @Test(arguments: [0, 1, 15, 17, 32])
    func rejectsByteCountsOtherThan16(count: Int) {
        #expect(MD5Digest(bytes: [UInt8](repeating: 0xAB, count: count)) == nil)
    }

    @Test func wraps16Bytes() throws {
        let bytes: [UInt8] = Array(0..<16)
        let digest = try #require(MD5Digest(bytes: bytes))
        #expect(digest.bytes == bytes)
        #expect(digest.hex == "000102030405060708090a0b0c0d0e0f")
    }

    @Test func hexRoundTrips() throws {
        let digest = MD5Hasher.digest("message digest".utf8)
        #expect(try #require(MD5Digest(hex: digest.hex)) == digest)
        #expect(digest.description == digest.hex)
    }

    @Test(arguments: [abcHex, abcHex.uppercased(), "900150983CD24fb0d6963f7d28e17F72"])
    func hexAcceptsEitherCase(hex: String) throws {
        let digest = try #require(MD5Digest(hex: hex))
        #expect(digest == Self.abc)
        #expect(digest.hex == Self.abcHex)  // printed lower-case, as S3 does
    }

    @Test(arguments: [
        "",
        String(abcHex.dropLast()),  // 31 digits
        abcHex + "0",  // 33 digits
        "g00150983cd24fb0d6963f7d28e17f72",
        "900150983cd24fb0d6963f7d28e17f7 ",
        "900150983cd24fb0-6963f7d28e17f72",
        "900150983cd24fb0d6963f7d28e17f7\u{E9}",  // 32 bytes, one not a digit
    ])
    func hexRejectsMalformedInput(hex: String) {
        #expect(MD5Digest(hex: hex) == nil)
    }

    @Test(arguments: [
        "\"\(abcHex)\"",
        abcHex,
        abcHex.uppercased(),
        "\"\(abcHex.uppercased())\"",
    ])
    func etagOfSinglePartUploadIsItsMD5(etag: String) {
        #expect(MD5Digest(etag: etag) == Self.abc)
    }

    @Test(arguments: [
        "\"\(abcHex)-3\"",  // multipart: the MD5 of the parts' MD5s, not of the body
        "\(abcHex)-3",
        "W/\"\(abcHex)\"",  // weak
        "W/\(abcHex)",
        "\"\(abcHex)",  // unbalanced quote
        "\(abcHex)\"",
        "\"\(abcHex.dropLast())\"",
        "\"\(abcHex)0\"",
        "\"g00150983cd24fb0d6963f7d28e17f72\"",
        "\"\"",
        "\"",
        "",
    ])
    func etagThatIsNotAnMD5IsRejected(etag: String) {
        #expect(MD5Digest(etag: etag) == nil)
    }
}
