extension StringProtocol {
    /// The text without the spaces and tabs HTTP allows around a header value.
    func trimmingHeaderWhitespace() -> Substring {
        let text = Substring(self)
        guard let first = text.firstIndex(where: { $0 != " " && $0 != "\t" }),
              let last = text.lastIndex(where: { $0 != " " && $0 != "\t" })
        else { return text[text.endIndex...] }
        return text[first...last]
    }
}
