extension String {
    /// Whether two header names are the same name: equal but for the case of ASCII letters.
    ///
    /// Header names are tokens, ASCII by definition (RFC 9110), so this compares bytes, folding
    /// `A`-`Z` only, with no copies: a name of another length is another name at once. Bytes
    /// outside ASCII compare exactly, so a look-alike (`K`, the Kelvin sign, lower-cases to `k`)
    /// is not taken for the name it resembles.
    public func isSameHeaderName(as other: String) -> Bool {
        let left = utf8, right = other.utf8
        guard left.count == right.count else { return false }
        return left.elementsEqual(right) { mine, theirs in
            mine == theirs || (mine | 0x20 == theirs | 0x20 && (0x61...0x7A).contains(mine | 0x20))
        }
    }

    /// The header name lower-cased: itself, without a copy, when it has no capital letters.
    public var lowercasedHeaderName: String {
        utf8.contains { (0x41...0x5A).contains($0) || $0 >= 0x80 } ? lowercased() : self
    }
}
