import ObjectStore

/// One `<Contents>` entry of a listing: what every store knows about an object, plus the S3 storage
/// class, which decides whether the object can be read at all.
public struct ListedObject: Hashable, Sendable {
    /// Key (as listed, decoded; no prefix stripped), size, last modified time, ETag (quotes
    /// included) and, for a plain single-part ETag, the MD5 it stands for.
    public var info: ObjectInfo
    /// `STANDARD`, `GLACIER`, `DEEP_ARCHIVE`, `INTELLIGENT_TIERING`, ...; `nil` when not listed.
    public var storageClass: String?

    /// Describes one listed object.
    public init(info: ObjectInfo, storageClass: String? = nil) {
        self.info = info
        self.storageClass = storageClass
    }
}
