import ObjectStore

/// A key checked to be safe as a path under the store's root, split into its folders and its leaf.
///
/// The rules (each failure an `invalidKey` error naming the key):
/// - not empty, no NUL byte;
/// - not absolute, and no empty, `.` or `..` segment (`/x`, `a//b`, `a/./b`, `../x` are refused, never
///   normalized, so no key can reach outside the root or silently collide with another);
/// - no segment over 255 bytes (the limit of ext4, XFS, APFS), counted in UTF-8 bytes;
/// - no segment that has the shape of s3clone's own temporary files.
/// A key ending in `/` is a directory marker: its segments name folders only.
struct KeyPath: Hashable, Sendable {
    /// The folders leading to the leaf, outermost first.
    let folders: [String]
    /// The file name (or, for a directory marker, the innermost folder's name).
    let leaf: String
    /// Whether the key is a directory marker.
    let isDirectory: Bool

    static let maximumSegmentBytes = 255

    /// Checks and splits a key. All of it works on UTF-8 bytes, as the file system does: a `/`
    /// followed by a combining mark is still a separator, and `.`/`..` are compared byte for byte.
    init(_ key: ObjectKey) throws {
        func refuse(_ why: String) -> ObjectStoreError {
            ObjectStoreError(.invalidKey, "unsafe key: \(why)", key: key)
        }
        let raw = key.rawValue
        guard !raw.utf8.isEmpty else { throw refuse("empty key") }
        guard !raw.utf8.contains(0) else { throw refuse("contains a NUL byte") }
        isDirectory = key.isDirectoryMarker
        var segments = raw.slashSeparatedSegments
        if isDirectory { segments.removeLast() }
        guard segments.count != 1 || !segments[0].utf8.isEmpty else { throw refuse("a directory marker for the root") }
        guard segments.first?.utf8.isEmpty == false else { throw refuse("absolute path") }
        for segment in segments {
            let bytes = segment.utf8
            if bytes.count <= 2, bytes.allSatisfy({ $0 == 0x2E }) {
                switch bytes.count {
                case 0: throw refuse("empty path segment")
                case 1: throw refuse("'.' path segment")
                default: throw refuse("'..' path segment")
                }
            }
            guard segment.utf8.count <= Self.maximumSegmentBytes else {
                throw refuse("path segment longer than \(Self.maximumSegmentBytes) bytes")
            }
            guard !TemporaryName.isTemporary(segment) else {
                throw refuse("name reserved for s3clone's temporary files")
            }
        }
        leaf = segments.removeLast()
        folders = segments
    }

    /// The folder path relative to the root, `a/b/` style (empty for the root).
    var folderPath: String {
        folders.isEmpty ? "" : folders.joined(separator: "/") + "/"
    }
}
