import ObjectStore
import Testing

/// `escapedForDisplay` makes hostile names safe to print; tests compare bytes, since `String`'s `==`
/// would hide a change of normalization.
struct DisplayEscapingTests {
    @Test(arguments: [
        ("a\nb", "a\\nb"),
        ("a\rb", "a\\rb"),
        ("\r\n", "\\r\\n"),  // one Character, two escapes
        ("a\tb", "a\\tb"),
        ("\u{1B}[31mred\u{1B}[0m", "\\u{1B}[31mred\\u{1B}[0m"),
        ("\u{1B}]0;title\u{7}", "\\u{1B}]0;title\\u{7}"),
        ("bell\u{7}", "bell\\u{7}"),
        ("\0", "\\u{0}"),
        ("del\u{7F}", "del\\u{7F}"),
        ("next\u{85}line", "next\\u{85}line"),  // C1 NEL
        ("\u{9B}31m", "\\u{9B}31m"),  // C1 CSI
        ("evil\u{202E}txt.exe", "evil\\u{202E}txt.exe"),
        ("\u{202A}\u{202B}\u{202C}\u{202D}", "\\u{202A}\\u{202B}\\u{202C}\\u{202D}"),
        ("\u{2066}x\u{2069}", "\\u{2066}x\\u{2069}"),
        ("\u{200E}\u{200F}\u{61C}", "\\u{200E}\\u{200F}\\u{61C}"),
        ("back\\slash", "back\\\\slash"),
        ("\\n", "\\\\n"),  // a literal backslash-n stays distinguishable from a newline
    ])
    func escapes(input: String, expected: String) {
        #expect(Array(input.escapedForDisplay.utf8) == Array(expected.utf8))
    }

    @Test(arguments: [
        "",
        "plain-ascii_name.txt",
        "caf\u{E9}",
        "cafe\u{301}",  // a combining mark is text, not a control
        "\u{1F600}\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}",  // emoji, including a ZWJ sequence
        "\u{65E5}\u{672C}\u{8A9E}/\u{05E9}\u{05DC}\u{05D5}\u{05DD}",  // CJK and right-to-left letters
        "~!@#$%^&*()[]{}<>?|'\" ",
    ])
    func leavesOrdinaryTextUnchanged(input: String) {
        #expect(Array(input.escapedForDisplay.utf8) == Array(input.utf8))
    }

    /// Whatever the input, the output holds no C0/C1 control, DEL or bidirectional control.
    @Test func outputHasNoControlCharacters() {
        let hostile = (0...0x9F).map { Unicode.Scalar(UInt32($0))! }
            + [0x61C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069]
                .map { Unicode.Scalar(UInt32($0))! }
        var input = ""
        input.unicodeScalars.append(contentsOf: hostile)
        let forbidden = Set(hostile.filter { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0.value > 0x9F })
        #expect(!input.escapedForDisplay.unicodeScalars.contains(where: forbidden.contains))
    }

    @Test func distinctInputsStayDistinct() {
        let inputs = ["a\nb", "a\\nb", "a\\\nb", "a\u{A}b\\", "a\\u{A}b", "a\u{202E}b", "a\\u{202E}b"]
        let escaped = Set(inputs.map(\.escapedForDisplay))
        #expect(escaped.count == Set(inputs).count)
    }
}
