extension String {
    /// Whether the UTF-8 bytes of this string start with those of `prefix`.
    ///
    /// Keys and paths are byte strings: `String.hasPrefix` compares grapheme clusters under canonical
    /// equivalence, so it calls `cafe\u{301}` a match for `café` and misses a `/` that a following
    /// combining mark joins into one character. Key and path logic uses this instead.
    public func hasBytePrefix(_ prefix: String) -> Bool {
        utf8.starts(with: prefix.utf8)
    }

    /// Whether the last UTF-8 byte is `/`.
    public var endsWithSlash: Bool {
        utf8.last == UInt8(ascii: "/")
    }

    /// The pieces between `/` bytes, empty ones included (`"a//b/"` gives `a`, ``, `b`, ``).
    public var slashSeparatedSegments: [String] {
        utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map { String(Substring($0)) }
    }
}
