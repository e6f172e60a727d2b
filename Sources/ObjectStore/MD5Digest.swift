/// A 128-bit MD5 digest, the checksum S3 reports as the ETag of a single-part upload.
public struct MD5Digest: Hashable, Sendable, CustomStringConvertible {
    /// The digest's 16 bytes.
    public let bytes: [UInt8]

    /// Wraps 16 raw digest bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// Parses 32 hexadecimal digits (either case).
    public init?(hex: some StringProtocol) {
        var text = String(hex)
        guard let bytes = text.withUTF8({ Self.digest(hexDigits: $0[...]) }) else { return nil }
        self.bytes = bytes
    }

    /// The MD5 an S3 ETag stands for, when it stands for one: a quoted or bare 32-digit hex string.
    ///
    /// Multipart ETags (`"<hex>-<parts>"`) and the opaque ETags of SSE-KMS or SSE-C objects are not
    /// the MD5 of the body; for those, and for anything else, the result is `nil`.
    public init?(etag: String) {
        // Byte-wise over contiguous UTF-8: a listing turns a thousand ETags per page into digests,
        // and Character-wise string handling would cost more than the rest of the parsing.
        var text = etag
        let bytes = text.withUTF8 { utf8 -> [UInt8]? in
            var digits = utf8[...]
            if digits.starts(with: "W/".utf8) { return nil }
            let quote = UInt8(ascii: "\"")
            if digits.count >= 2, digits.first == quote, digits.last == quote {
                digits = digits.dropFirst().dropLast()
            }
            return Self.digest(hexDigits: digits)
        }
        guard let bytes else { return nil }
        self.bytes = bytes
    }

    /// The 16 bytes that 32 hexadecimal digits spell, or `nil`.
    private static func digest(hexDigits digits: Slice<UnsafeBufferPointer<UInt8>>) -> [UInt8]? {
        guard digits.count == 32 else { return nil }
        var valid = true
        let bytes = [UInt8](unsafeUninitializedCapacity: 16) { buffer, initialized in
            var index = digits.startIndex
            for position in 0..<16 {
                guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else {
                    valid = false
                    break
                }
                buffer[position] = high << 4 | low
                index += 2
            }
            initialized = valid ? 16 : 0
        }
        return valid ? bytes : nil
    }

    /// Lower-case hexadecimal, as S3 prints it.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(32)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    public var description: String { hex }

    private static func nibble(_ ascii: UInt8) -> UInt8? {
        switch ascii {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return ascii - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return ascii - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return ascii - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
