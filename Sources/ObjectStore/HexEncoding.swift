/// Hexadecimal digits: the one encoder and decoder of the package, for digests (lower case, as
/// S3 and Signature Version 4 print them) and percent escapes (upper case, as RFC 3986 prefers).
public enum HexEncoding {
    /// Two lower-case hex digits per byte, most significant nibble first.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        // Written straight into the string's storage: one allocation, no lookup table.
        String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
            var count = 0
            for byte in bytes {
                buffer[count] = lowercaseDigit(byte >> 4)
                buffer[count + 1] = lowercaseDigit(byte & 0x0F)
                count += 2
            }
            return count
        }
    }

    /// The ASCII lower-case hex digit of a nibble (`0`...`15`).
    @inlinable
    public static func lowercaseDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    /// The ASCII upper-case hex digit of a nibble (`0`...`15`).
    @inlinable
    public static func uppercaseDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "A") + nibble - 10
    }

    /// The value of an ASCII hexadecimal digit (`0`-`9`, `a`-`f`, `A`-`F`); `nil` for any other byte.
    @inlinable
    public static func value(ofDigit digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
