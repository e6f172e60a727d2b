#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension String {
    /// Whether the UTF-8 bytes of this string start with those of `prefix`.
    ///
    /// Keys and paths are byte strings: `String.hasPrefix` compares grapheme clusters under canonical
    /// equivalence, so it calls `cafe\u{301}` a match for `café` and misses a `/` that a following
    /// combining mark joins into one character. Key and path logic uses this instead.
    public func hasBytePrefix(_ prefix: String) -> Bool {
        utf8.count >= prefix.utf8.count && byteOrder(prefix, upTo: prefix.utf8.count) == 0
    }

    /// Negative, zero or positive as this string's UTF-8 bytes sort before, equal to or after
    /// `other`'s, looking at no more than the first `limit` bytes of either: `memcmp` over the
    /// strings' own storage, which native strings always have (sorting and de-duplicating a
    /// million keys compares them tens of millions of times).
    func byteOrder(_ other: String, upTo limit: Int = .max) -> Int {
        let contiguous = utf8.withContiguousStorageIfAvailable { left in
            other.utf8.withContiguousStorageIfAvailable { right in
                let leftCount = min(left.count, limit), rightCount = min(right.count, limit)
                let common = min(leftCount, rightCount)
                if common > 0 {
                    let order = memcmp(left.baseAddress!, right.baseAddress!, common)
                    if order != 0 { return Int(order) }
                }
                return leftCount - rightCount
            }
        }
        if let order = contiguous ?? nil { return order }
        let left = utf8.prefix(limit), right = other.utf8.prefix(limit)
        if left.elementsEqual(right) { return 0 }
        return left.lexicographicallyPrecedes(right) ? -1 : 1
    }

    /// Whether the last UTF-8 byte is `/`.
    public var endsWithSlash: Bool {
        utf8.last == UInt8(ascii: "/")
    }

    /// The pieces between `/` bytes, empty ones included (`"a//b/"` gives `a`, ``, `b`, ``).
    public var slashSeparatedSegments: [String] {
        // One array, sized first; segments of up to 15 bytes are stored inline, so a typical key
        // costs a single allocation.
        let slash = UInt8(ascii: "/")
        var segments: [String] = []
        segments.reserveCapacity(utf8.reduce(1) { $0 + ($1 == slash ? 1 : 0) })
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            if utf8[index] == slash {
                segments.append(String(Substring(utf8[start..<index])))
                start = utf8.index(after: index)
            }
            utf8.formIndex(after: &index)
        }
        segments.append(String(Substring(utf8[start..<index])))
        return segments
    }
}
