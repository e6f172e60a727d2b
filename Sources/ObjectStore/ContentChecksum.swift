/// A checksum of an object's contents in the form S3 reports it as an ETag: the MD5 of the whole
/// object, or, for a multipart upload, the MD5 of the concatenated MD5s of its parts (`<hex>-<parts>`).
///
/// Two checksums compare equal only when they have the same form: comparing a local file with a
/// multipart source means hashing the file in the source's part size (see `ChecksumSink` in `Digests`).
public struct ContentChecksum: Hashable, Sendable, CustomStringConvertible {
    /// The MD5 (of the whole, or of the part MD5s).
    public var digest: MD5Digest
    /// The part size for a multipart checksum; `nil` for the MD5 of the whole object.
    public var partSize: Int64?
    /// How many parts a multipart checksum covers.
    public var partCount: Int?

    /// The MD5 of the whole object.
    public init(md5: MD5Digest) {
        self.digest = md5
        self.partSize = nil
        self.partCount = nil
    }

    /// A multipart checksum: `digest` is the MD5 of the `partCount` part MD5s, parts of `partSize`.
    public init(multipart digest: MD5Digest, partSize: Int64, partCount: Int) {
        self.digest = digest
        self.partSize = partSize
        self.partCount = partCount
    }

    /// `<hex>` or `<hex>-<parts>`, as in an ETag.
    public var description: String {
        partCount.map { "\(digest.hex)-\($0)" } ?? digest.hex
    }

    /// `md5` for a whole-object checksum, `etag` for a multipart one: what mismatch reports call it.
    public var kind: String { partSize == nil ? "md5" : "etag" }

    /// The part count an ETag of the multipart form (`"<32 hex>-<N>"`) declares, with its digest.
    public static func multipartETag(_ etag: String) -> (digest: MD5Digest, parts: Int)? {
        var text = Substring(etag)
        if text.count >= 2, text.first == "\"", text.last == "\"" { text = text.dropFirst().dropLast() }
        guard let dash = text.lastIndex(of: "-"), let parts = Int(text[text.index(after: dash)...]), parts > 0,
              let digest = MD5Digest(hex: text[..<dash]) else { return nil }
        return (digest, parts)
    }
}
