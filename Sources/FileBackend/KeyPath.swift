import ObjectStore

/// A key checked to be safe as a path under the store's root, split into its folder path and its leaf.
///
/// The rules (each failure an `invalidKey` error naming the key):
/// - not empty, no NUL byte;
/// - not absolute, and no empty, `.` or `..` segment (`/x`, `a//b`, `a/./b`, `../x` are refused, never
///   normalized, so no key can reach outside the root or silently collide with another);
/// - no segment over 255 bytes (the limit of ext4, XFS, APFS), counted in UTF-8 bytes;
/// - no segment that has the shape of s3clone's own temporary files.
/// A key ending in `/` is a directory marker: its segments name folders only.
struct KeyPath: Hashable, Sendable {
    /// The folders leading to the leaf, `a/b/` style (empty for the root): the key's own bytes up
    /// to its leaf, which is how ``DirectoryTable`` remembers folders.
    let folderPath: String
    /// The file name (or, for a directory marker, the innermost folder's name).
    let leaf: String
    /// Whether the key is a directory marker.
    let isDirectory: Bool

    static let maximumSegmentBytes = 255

    /// Checks and splits a key in one pass over its UTF-8 bytes, as the file system sees them: a `/`
    /// followed by a combining mark is still a separator, and `.`/`..` are compared byte for byte.
    /// No segment is copied; only the folder path and the leaf are made.
    init(_ key: ObjectKey) throws {
        let utf8 = key.rawValue.utf8
        let split = try utf8.withContiguousStorageIfAvailable { try Self.split($0, key) }
            ?? Array(utf8).withUnsafeBufferPointer { try Self.split($0, key) }
        isDirectory = split.isDirectory
        folderPath = split.folderPath
        leaf = split.leaf
    }

    private static func split(_ bytes: UnsafeBufferPointer<UInt8>, _ key: ObjectKey) throws
        -> (folderPath: String, leaf: String, isDirectory: Bool) {
        func refuse(_ why: String) -> ObjectStoreError {
            ObjectStoreError(.invalidKey, "unsafe key: \(why)", key: key)
        }
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        guard !bytes.isEmpty else { throw refuse("empty key") }
        guard !bytes.contains(0) else { throw refuse("contains a NUL byte") }
        let isDirectory = bytes.last == slash
        guard !isDirectory || bytes.count > 1 else { throw refuse("a directory marker for the root") }
        guard bytes.first != slash else { throw refuse("absolute path") }

        // A directory marker's last segment is the one before its final `/`.
        let end = isDirectory ? bytes.count - 1 : bytes.count
        var segmentStart = 0
        var onlyDots = true
        for index in 0...end {
            guard index == end || bytes[index] == slash else {
                onlyDots = onlyDots && bytes[index] == dot
                continue
            }
            let length = index - segmentStart
            if onlyDots, length <= 2 {
                switch length {
                case 0: throw refuse("empty path segment")
                case 1: throw refuse("'.' path segment")
                default: throw refuse("'..' path segment")
                }
            }
            guard length <= maximumSegmentBytes else {
                throw refuse("path segment longer than \(maximumSegmentBytes) bytes")
            }
            if bytes[segmentStart] == dot,
               TemporaryName.isTemporary(String(decoding: UnsafeBufferPointer(rebasing: bytes[segmentStart..<index]), as: UTF8.self)) {
                throw refuse("name reserved for s3clone's temporary files")
            }
            if index < end {
                segmentStart = index + 1
                onlyDots = true
            }
        }
        return (String(decoding: UnsafeBufferPointer(rebasing: bytes[..<segmentStart]), as: UTF8.self),
                String(decoding: UnsafeBufferPointer(rebasing: bytes[segmentStart..<end]), as: UTF8.self),
                isDirectory)
    }

    /// The folders leading to the leaf, outermost first (made on demand: only creating a folder
    /// that is not known yet needs them one by one).
    var folders: [String] {
        var segments = folderPath.slashSeparatedSegments
        segments.removeLast()
        return segments
    }
}
