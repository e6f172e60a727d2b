/// The value of a `Content-Range` header: which bytes of how many a partial answer holds.
///
/// `bytes 0-9/21` (bytes 0 to 9 of a 21-byte object), `bytes 0-9/*` (total unknown) or
/// `bytes */21` (the form a 416 answer uses: no range, the total only).
public struct ContentRange: Hashable, Sendable {
    /// The first and last byte offsets, inclusive; `nil` for the `*/total` form.
    public var bytes: ClosedRange<Int64>?
    /// The length of the whole object; `nil` when the server wrote `*`.
    public var total: Int64?

    /// Describes a range.
    public init(bytes: ClosedRange<Int64>?, total: Int64?) {
        self.bytes = bytes
        self.total = total
    }

    /// Parses a header value.
    ///
    /// - Returns: `nil` unless the unit is `bytes` and the numbers are non-negative decimals with
    ///   first ≤ last < total (when the total is known); `*/*` is refused too.
    public init?(_ header: some StringProtocol) {
        let value = header.trimmingHeaderWhitespace()
        guard value.hasPrefix("bytes "), let slash = value.lastIndex(of: "/") else { return nil }
        let spec = value[value.index(value.startIndex, offsetBy: 6)..<slash]
        let totalText = value[value.index(after: slash)...]
        var total: Int64?
        if totalText != "*" {
            guard let known = Self.number(totalText) else { return nil }
            total = known
        }
        var bytes: ClosedRange<Int64>?
        if spec != "*" {
            let parts = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let first = Self.number(parts[0]), let last = Self.number(parts[1]),
                  first <= last, total.map({ last < $0 }) ?? true
            else { return nil }
            bytes = first...last
        }
        guard bytes != nil || total != nil else { return nil }
        self.init(bytes: bytes, total: total)
    }

    /// How many bytes the range holds; `nil` for the `*/total` form.
    public var count: Int64? { bytes.map { $0.upperBound - $0.lowerBound + 1 } }

    private static func number(_ text: Substring) -> Int64? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return nil
        }
        return Int64(text)
    }
}
