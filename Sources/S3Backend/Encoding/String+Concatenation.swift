extension String {
    /// `parts` one after another, written into one string sized for all of them: a chain of `+`
    /// allocates a new string at nearly every step once the text outgrows the inline 15 bytes.
    init(concatenating parts: String...) {
        self.init()
        reserveCapacity(parts.reduce(0) { $0 + $1.utf8.count })
        for part in parts { self += part }
    }
}
