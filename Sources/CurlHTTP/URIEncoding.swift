import ObjectStore

/// The URI encoding AWS Signature Version 4 and S3 use ("UriEncode" in the S3 documentation):
/// every byte except the unreserved `A-Z a-z 0-9 - . _ ~` becomes `%XX` with upper-case hex digits,
/// working on the UTF-8 bytes. A space is `%20`, never `+`.
public enum URIEncoding {
    /// Encodes `text`; with `keepingSlashes`, `/` stays as it is (for S3 object paths).
    public static func encode(_ text: String, keepingSlashes: Bool = false) -> String {
        func kept(_ byte: UInt8) -> Bool { isUnreserved(byte) || (keepingSlashes && byte == UInt8(ascii: "/")) }
        // Most keys and parameters need no escape: hand back the same string, no copy.
        let escapes = text.utf8.reduce(0) { $0 + (kept($1) ? 0 : 1) }
        if escapes == 0 { return text }
        return String(unsafeUninitializedCapacity: text.utf8.count + 2 * escapes) { buffer in
            var count = 0
            for byte in text.utf8 {
                if kept(byte) {
                    buffer[count] = byte
                    count += 1
                } else {
                    buffer[count] = UInt8(ascii: "%")
                    buffer[count + 1] = HexEncoding.uppercaseDigit(byte >> 4)
                    buffer[count + 2] = HexEncoding.uppercaseDigit(byte & 0x0F)
                    count += 3
                }
            }
            return count
        }
    }

    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
