import Foundation

/// What a store knows about one object without reading it.
///
/// A cheap value: listings produce millions of these. Sorted by ``sizeOrder`` (size ascending, then
/// key), which is the order a transfer copies in.
public struct ObjectInfo: Hashable, Sendable {
    /// The object's key relative to the store's root.
    public var key: ObjectKey
    /// The length of the object's contents in bytes.
    public var size: Int64
    /// When the object was last written, if the store records it.
    public var lastModified: Date?
    /// The store's opaque version tag (an S3 ETag, quotes included), if it has one.
    public var etag: String?
    /// The MD5 of the contents when the store knows it without reading the object (a single-part
    /// S3 ETag, a memory store's digest). `nil` says only that it is not known for free.
    public var md5: MD5Digest?

    /// Describes one object.
    public init(key: ObjectKey, size: Int64, lastModified: Date? = nil, etag: String? = nil, md5: MD5Digest? = nil) {
        self.key = key
        self.size = size
        self.lastModified = lastModified
        self.etag = etag
        self.md5 = md5
    }

    /// Size ascending, then key in byte order: the order a transfer copies objects in.
    public static func sizeOrder(_ lhs: ObjectInfo, _ rhs: ObjectInfo) -> Bool {
        if lhs.size != rhs.size { return lhs.size < rhs.size }
        return lhs.key < rhs.key
    }
}
