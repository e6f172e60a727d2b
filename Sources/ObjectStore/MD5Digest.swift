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
        let digits = Array(hex.utf8)
        guard digits.count == 32 else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(16)
        for index in stride(from: 0, to: 32, by: 2) {
            guard let high = Self.nibble(digits[index]), let low = Self.nibble(digits[index + 1]) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        self.bytes = bytes
    }

    /// The MD5 an S3 ETag stands for, when it stands for one: a quoted or bare 32-digit hex string.
    ///
    /// Multipart ETags (`"<hex>-<parts>"`) and the opaque ETags of SSE-KMS or SSE-C objects are not
    /// the MD5 of the body; for those, and for anything else, the result is `nil`.
    public init?(etag: String) {
        var text = Substring(etag)
        if text.hasPrefix("W/") { return nil }
        if text.count >= 2, text.first == "\"", text.last == "\"" {
            text = text.dropFirst().dropLast()
        }
        self.init(hex: text)
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
