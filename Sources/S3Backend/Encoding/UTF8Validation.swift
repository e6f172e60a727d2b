/// A check that bytes are well-formed UTF-8, for keys before they become `String`s.
///
/// `String(validating:as:)` is generic and costs more than the rest of a key's parsing; this is the
/// table of well-formed byte sequences (Unicode 15, table 3-7): no overlong forms, no surrogates,
/// nothing past U+10FFFF, no truncated sequences.
enum UTF8Validation {
    /// Whether `bytes` are well-formed UTF-8.
    static func isValid(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            while index < buffer.count {
                let lead = buffer[index]
                if lead < 0x80 {
                    index += 1
                    continue
                }
                // The number of continuation bytes, and the allowed range of the first one.
                let continuations: Int
                var low: UInt8 = 0x80
                var high: UInt8 = 0xBF
                switch lead {
                case 0xC2...0xDF: continuations = 1
                case 0xE0: continuations = 2; low = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: continuations = 2
                case 0xED: continuations = 2; high = 0x9F
                case 0xF0: continuations = 3; low = 0x90
                case 0xF1...0xF3: continuations = 3
                case 0xF4: continuations = 3; high = 0x8F
                default: return false
                }
                guard index + continuations < buffer.count else { return false }
                let first = buffer[index + 1]
                guard first >= low, first <= high else { return false }
                for offset in stride(from: 2, through: continuations, by: 1) where buffer[index + offset] & 0xC0 != 0x80 {
                    return false
                }
                index += continuations + 1
            }
            return true
        }
    }
}
