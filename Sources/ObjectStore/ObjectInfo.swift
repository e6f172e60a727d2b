import FoundationEssentials

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
    // The ETag is usually `"` + the MD5 in lower-case hex + `"`. That case is stored as a flag
    // beside the digest and spelled on demand, so a listed object holds one heap string (its key),
    // not two: a million-object listing keeps ~80 MB less, and each copy of the value (a sort
    // moves them many times) touches one reference count instead of two. Any other ETag is kept
    // as given. The stored form is a function of (etag, md5), so the synthesized `==` and `hash`
    // still compare what the public properties say. (Module-internal: the record form of
    // ObjectInfo+Record.swift writes the stored form as it is.)
    private(set) var etagIsQuotedMD5 = false
    private(set) var otherETag: String?
    private(set) var storedMD5: MD5Digest?

    /// The store's opaque version tag (an S3 ETag, quotes included), if it has one.
    public var etag: String? {
        get {
            if etagIsQuotedMD5, let storedMD5 { return "\"" + storedMD5.hex + "\"" }
            return otherETag
        }
        set { store(etag: newValue, md5: storedMD5) }
    }

    /// Whether the ETag has the multipart form (`"<hex>-N"`): the object was uploaded in parts.
    public var isUploadedInParts: Bool {
        otherETag.flatMap(ContentChecksum.multipartETag) != nil
    }

    /// The MD5 of the contents when the store knows it without reading the object (a single-part
    /// S3 ETag, a memory store's digest). `nil` says only that it is not known for free.
    public var md5: MD5Digest? {
        get { storedMD5 }
        set { store(etag: etag, md5: newValue) }
    }

    /// Describes one object.
    public init(key: ObjectKey, size: Int64, lastModified: Date? = nil, etag: String? = nil, md5: MD5Digest? = nil) {
        self.key = key
        self.size = size
        self.lastModified = lastModified
        store(etag: etag, md5: md5)
    }

    /// An object from its stored form, as ``init(key:size:lastModified:etag:md5:)`` would have
    /// stored it (the record form's decoder; no ETag is parsed).
    init(key: ObjectKey, size: Int64, lastModified: Date?, storedMD5: MD5Digest?, etagIsQuotedMD5: Bool, otherETag: String?) {
        self.key = key
        self.size = size
        self.lastModified = lastModified
        self.storedMD5 = storedMD5
        self.etagIsQuotedMD5 = etagIsQuotedMD5 && storedMD5 != nil
        self.otherETag = self.etagIsQuotedMD5 ? nil : otherETag
    }

    private mutating func store(etag: String?, md5: MD5Digest?) {
        storedMD5 = md5
        if let etag, let md5, Self.isQuotedLowerCaseHex(of: md5, etag) {
            etagIsQuotedMD5 = true
            otherETag = nil
        } else {
            etagIsQuotedMD5 = false
            otherETag = etag
        }
    }

    /// Whether `etag` is exactly `"` + `md5.hex` + `"`, checked without making that string.
    private static func isQuotedLowerCaseHex(of md5: MD5Digest, _ etag: String) -> Bool {
        let utf8 = etag.utf8
        let quote = UInt8(ascii: "\"")
        return utf8.count == 34 && utf8.first == quote && utf8.last == quote
            && !utf8.contains { (UInt8(ascii: "A")...UInt8(ascii: "F")).contains($0) }
            && MD5Digest(etag: etag) == md5
    }

    /// Size ascending, then key in byte order: the order a transfer copies objects in.
    public static func sizeOrder(_ lhs: ObjectInfo, _ rhs: ObjectInfo) -> Bool {
        if lhs.size != rhs.size { return lhs.size < rhs.size }
        return lhs.key < rhs.key
    }
}
