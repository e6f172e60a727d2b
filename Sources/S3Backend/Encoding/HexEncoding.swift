/// Lower-case hexadecimal, the form Signature Version 4 uses for every digest and signature.
public enum HexEncoding {
    /// Two lower-case hex digits per byte, most significant nibble first.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        // Written straight into the string's storage: one allocation, no lookup table.
        String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
            var count = 0
            for byte in bytes {
                buffer[count] = digit(byte >> 4)
                buffer[count + 1] = digit(byte & 0x0F)
                count += 2
            }
            return count
        }
    }

    private static func digit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}
