/// A 128-bit MD5 digest, the checksum S3 reports as the ETag of a single-part upload.
///
/// The bytes are held inline, as two words: a listing makes one digest per object, and an array
/// would cost each of them a heap allocation and each copy of an ``ObjectInfo`` a reference count.
public struct MD5Digest: Hashable, Sendable, CustomStringConvertible {
    /// Bytes 0-7 and 8-15, the first byte in the most significant position (module-internal for
    /// ``ObjectInfo``'s record form).
    let leading: UInt64
    let trailing: UInt64

    /// The digest whose two words are these (as ``leading`` and ``trailing`` hold them).
    init(leading: UInt64, trailing: UInt64) {
        self.leading = leading
        self.trailing = trailing
    }

    /// Wraps 16 raw digest bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        leading = bytes[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
        trailing = bytes[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The digest's 16 bytes.
    public var bytes: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 16) { buffer, initialized in
            for position in 0..<8 {
                buffer[position] = UInt8(truncatingIfNeeded: leading >> (56 - 8 * position))
                buffer[position + 8] = UInt8(truncatingIfNeeded: trailing >> (56 - 8 * position))
            }
            initialized = 16
        }
    }

    /// Parses 32 hexadecimal digits (either case).
    public init?(hex: some StringProtocol) {
        var text = String(hex)
        guard let words = text.withUTF8({ Self.digest(hexDigits: $0[...]) }) else { return nil }
        (leading, trailing) = words
    }

    /// The MD5 an S3 ETag stands for, when it stands for one: a quoted or bare 32-digit hex string.
    ///
    /// Multipart ETags (`"<hex>-<parts>"`) and the opaque ETags of SSE-KMS or SSE-C objects are not
    /// the MD5 of the body; for those, and for anything else, the result is `nil`.
    public init?(etag: String) {
        // Byte-wise over contiguous UTF-8: a listing turns a thousand ETags per page into digests,
        // and Character-wise string handling would cost more than the rest of the parsing.
        var text = etag
        let words = text.withUTF8 { utf8 -> (UInt64, UInt64)? in
            var digits = utf8[...]
            if digits.starts(with: "W/".utf8) { return nil }
            let quote = UInt8(ascii: "\"")
            if digits.count >= 2, digits.first == quote, digits.last == quote {
                digits = digits.dropFirst().dropLast()
            }
            return Self.digest(hexDigits: digits)
        }
        guard let words else { return nil }
        (leading, trailing) = words
    }

    /// The two words that 32 hexadecimal digits spell, or `nil`.
    private static func digest(hexDigits digits: Slice<UnsafeBufferPointer<UInt8>>) -> (UInt64, UInt64)? {
        guard digits.count == 32 else { return nil }
        var words: (UInt64, UInt64) = (0, 0)
        for (position, digit) in digits.enumerated() {
            guard let value = HexEncoding.value(ofDigit: digit) else { return nil }
            if position < 16 {
                words.0 = words.0 << 4 | UInt64(value)
            } else {
                words.1 = words.1 << 4 | UInt64(value)
            }
        }
        return words
    }

    /// Lower-case hexadecimal, as S3 prints it.
    public var hex: String {
        // The two words in big-endian order are the 16 bytes, read in place.
        withUnsafeBytes(of: (leading.bigEndian, trailing.bigEndian)) { HexEncoding.encode($0) }
    }

    public var description: String { hex }
}
