extension String {
    /// Whether two header names are the same name: equal once lower-cased.
    ///
    /// Header names are ASCII tokens, so this compares bytes, folding `A`-`Z`, without making the
    /// two lower-cased copies `lowercased()` would; a name with other bytes is compared through
    /// `lowercased()`, as before.
    public func isSameHeaderName(as other: String) -> Bool {
        let left = utf8, right = other.utf8
        guard left.count == right.count else {
            return !(left.allSatisfy { $0 < 0x80 } && right.allSatisfy { $0 < 0x80 }) && lowercased() == other.lowercased()
        }
        var index = right.startIndex
        for byte in left {
            let theirs = right[index]
            right.formIndex(after: &index)
            if byte == theirs { continue }
            if byte >= 0x80 || theirs >= 0x80 { return lowercased() == other.lowercased() }
            if byte | 0x20 != theirs | 0x20 || !(0x61...0x7A).contains(byte | 0x20) { return false }
        }
        return true
    }

    /// The header name lower-cased: itself, without a copy, when it has no capital letters.
    public var lowercasedHeaderName: String {
        utf8.contains { (0x41...0x5A).contains($0) || $0 >= 0x80 } ? lowercased() : self
    }
}
