/// The name of one object, relative to the root of its store.
///
/// Keys are `/`-separated like S3 keys. A store's root (an S3 prefix, a local directory) is already
/// stripped, so the same key names the same object in every store of a transfer. A key ending in `/`
/// is a *directory marker*: it stands for a folder, never for file contents.
///
/// Keys are compared by their UTF-8 bytes, which is the order S3 lists them in; no Unicode
/// normalization is ever applied (two keys that differ only in normalization are two objects).
public struct ObjectKey: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The key exactly as the store holds it.
    public let rawValue: String

    /// Wraps a raw key. Any string is accepted here; whether a store can hold it is for the store to say.
    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// True for keys that end in `/`, which stand for a folder, not for file contents.
    public var isDirectoryMarker: Bool {
        rawValue.utf8.last == UInt8(ascii: "/")
    }

    /// The `/`-separated segments, including empty ones (a directory marker ends with an empty segment).
    ///
    /// Splits at every `/` byte. Splitting by `Character` would miss a `/` that a following combining
    /// mark joins into one grapheme (`../\u{301}x`), and a path built from the key would still see it.
    public var segments: [Substring] {
        rawValue.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map { Substring($0) }
    }

    /// The raw key; use ``displayName`` when printing it for a person.
    public var description: String { rawValue }

    /// The key made safe to print on a terminal or in a line-oriented log: control characters and
    /// bidirectional overrides are escaped, so a hostile key cannot forge lines or colours.
    public var displayName: String { rawValue.escapedForDisplay }

    /// Equal UTF-8 bytes. `String`'s own `==` treats canonically equivalent strings as equal, which
    /// would merge `caf\u{E9}` and `cafe\u{301}`: two distinct S3 keys.
    public static func == (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
        lhs.rawValue.utf8.count == rhs.rawValue.utf8.count && lhs.rawValue.byteOrder(rhs.rawValue) == 0
    }

    /// Hashes the UTF-8 bytes, consistently with ``==(_:_:)``.
    public func hash(into hasher: inout Hasher) {
        let hashedContiguously: Void? = rawValue.utf8.withContiguousStorageIfAvailable { bytes in
            hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        }
        if hashedContiguously == nil {
            Array(rawValue.utf8).withUnsafeBytes { hasher.combine(bytes: $0) }
        }
        hasher.combine(rawValue.utf8.count)
    }

    /// UTF-8 byte order, the order S3 lists keys in.
    public static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
        lhs.rawValue.byteOrder(rhs.rawValue) < 0
    }
}
