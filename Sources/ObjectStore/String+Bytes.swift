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
        let contiguous = utf8.withContiguousStorageIfAvailable { bytes in
            prefix.utf8.withContiguousStorageIfAvailable { start in
                start.count <= bytes.count && (start.isEmpty || memcmp(bytes.baseAddress!, start.baseAddress!, start.count) == 0)
            }
        }
        return (contiguous ?? nil) ?? utf8.starts(with: prefix.utf8)
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
