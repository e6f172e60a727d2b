import FoundationEssentials
import ObjectStore

extension ObjectInfo {
    /// An object as an S3 listing describes it (a ListObjectsV2 entry, an inventory row): the ETag
    /// kept as listed, quotes included, and the MD5 it stands for when it is a plain single-part
    /// one (not a multipart `<hex>-N`).
    init(key: ObjectKey, size: Int64, lastModified: Date?, listedETag etag: String?) {
        self.init(key: key, size: size, lastModified: lastModified, etag: etag, md5: etag.flatMap { MD5Digest(etag: $0) })
    }
}
