import ObjectStore

/// The decoding of values S3 lists with `encoding-type=url`.
///
/// S3 form-encodes them: a space may arrive as `+` (AWS) or `%20` (Ceph, some S3-compatible
/// servers), and a literal `+` always arrives as `%2B`, so decoding `+` as a space is safe for both.
/// Decoding works on UTF-8 bytes: `%C3%A9` is two bytes of one character, and a key is only turned
/// into a `String` once all of its bytes are known.
enum FormURLDecoding {
    /// Decodes `bytes` in place: `+` becomes a space and `%XX` (either case) the byte `XX`.
    ///
    /// - Returns: `false` when a `%` is not followed by two hexadecimal digits; `bytes` is then
    ///   unspecified.
    static func decode(_ bytes: inout [UInt8]) -> Bool {
        guard bytes.contains(where: { $0 == percent || $0 == plus }) else { return true }
        // Decoding only shrinks, so it can write behind where it reads.
        let decodedCount: Int? = bytes.withUnsafeMutableBufferPointer { buffer in
            var read = 0
            var write = 0
            while read < buffer.count {
                switch buffer[read] {
                case plus:
                    buffer[write] = space
                    read += 1
                case percent:
                    guard read + 2 < buffer.count,
                          let high = HexEncoding.value(ofDigit: buffer[read + 1]),
                          let low = HexEncoding.value(ofDigit: buffer[read + 2])
                    else { return nil }
                    buffer[write] = high << 4 | low
                    read += 3
                default:
                    buffer[write] = buffer[read]
                    read += 1
                }
                write += 1
            }
            return write
        }
        guard let decodedCount else { return false }
        bytes.removeLast(bytes.count - decodedCount)
        return true
    }

    private static let percent = UInt8(ascii: "%")
    private static let plus = UInt8(ascii: "+")
    private static let space = UInt8(ascii: " ")
}
