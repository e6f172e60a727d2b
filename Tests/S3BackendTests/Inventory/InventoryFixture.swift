import Foundation
import ObjectStore
@testable import S3Backend
import TestSupport

/// Inventory CSV written the way S3 writes it, for the tests.
enum InventoryFixture {
    static let schema = "Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, LastModifiedDate, ETag, StorageClass, IsMultipartUploaded"

    static var columns: InventoryColumns { try! InventoryColumns(schema: schema) }

    /// One row: every field quoted, quotes doubled, ended by `\n`.
    static func row(_ fields: [String]) -> String { InventoryReport.row(fields) }

    /// A row of the standard schema for an object.
    static func objectRow(key: String, size: String = "1", modified: String = "2024-03-01T12:34:56.000Z",
                          etag: String = "d41d8cd98f00b204e9800998ecf8427e", isLatest: String = "true",
                          isDeleteMarker: String = "false") -> String {
        row(["src", urlEncoded(key), "v1", isLatest, isDeleteMarker, size, modified, etag, "STANDARD", "false"])
    }

    static func urlEncoded(_ key: String) -> String { InventoryReport.urlEncoded(key) }

    /// A data file of `count` objects with varied keys, sizes and ETags, every tenth row a delete
    /// marker and every seventh a version that is not the latest; and the objects it lists.
    static func bucket(count: Int) -> (csv: [UInt8], objects: [ObjectInfo]) {
        var csv = ""
        var objects: [ObjectInfo] = []
        for index in 0..<count {
            let key = "dir \(index % 13)/file-\(index)-\(String(index * 7919, radix: 36)).txt"
            let etag = String(repeating: String(format: "%08x", UInt32(truncatingIfNeeded: index &* 2_654_435_761)), count: 4)
            if index % 10 == 3 {
                csv += objectRow(key: key, size: "", modified: "2024-03-01T12:34:56.000Z", etag: "", isDeleteMarker: "true")
            } else if index % 7 == 5 {
                csv += objectRow(key: key, size: "\(index)", etag: etag, isLatest: "false")
            } else {
                csv += objectRow(key: key, size: "\(index * 31)", modified: "2024-03-01T12:34:56.000Z", etag: etag)
                objects.append(ObjectInfo(key: ObjectKey(key), size: Int64(index * 31),
                                          lastModified: Date(timeIntervalSince1970: 1_709_296_496), etag: "\"\(etag)\"",
                                          md5: MD5Digest(hex: etag)))
            }
        }
        return (Array(csv.utf8), objects)
    }
}
