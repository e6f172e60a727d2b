extension String {
    /// This string with every character that could change how a terminal or a line-oriented log shows
    /// it replaced by a visible escape: C0 and C1 control characters (`\n`, `\r`, `\t`, ESC, BEL, ...),
    /// DEL, and the Unicode bidirectional controls (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F,
    /// U+061C) that can make `evil\u{202E}txt.exe` read as `evilexe.txt`. A backslash is doubled, so
    /// the escaped form is unambiguous. Other text, including non-ASCII letters and emoji, is unchanged.
    public var escapedForDisplay: String {
        guard unicodeScalars.contains(where: Self.needsEscape) else { return self }
        var escaped = ""
        escaped.reserveCapacity(utf8.count + 8)
        for scalar in unicodeScalars {
            switch scalar {
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case "\\": escaped += "\\\\"
            case _ where Self.needsEscape(scalar):
                escaped += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default:
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x5C: return true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
