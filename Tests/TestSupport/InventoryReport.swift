import Digests
import Foundation

/// An S3 Inventory report (CSV) written the way S3 writes one, for tests: rows, data files and the
/// manifest that lists them.
public enum InventoryReport {
    /// The schema the reports of the tests use.
    public static let schema = "Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, LastModifiedDate, ETag, StorageClass, IsMultipartUploaded"

    /// One row: every field quoted, quotes doubled, ended by `\n`.
    public static func row(_ fields: [String]) -> String {
        fields.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") + "\n"
    }

    /// A row of ``schema`` for the latest version of an object; `etag` without quotes.
    public static func objectRow(bucket: String, key: String, size: Int64, etag: String) -> String {
        row([bucket, urlEncoded(key), "v1", "true", "false", "\(size)", "2024-03-01T12:34:56.000Z", etag, "STANDARD", "false"])
    }

    /// A row of ``schema`` for an object that a single-part upload of `bytes` made (its ETag is
    /// their MD5).
    public static func objectRow(bucket: String, key: String, bytes: [UInt8]) -> String {
        objectRow(bucket: bucket, key: key, size: Int64(bytes.count), etag: MD5Hasher.digest(bytes).hex)
    }

    /// `key` url-encoded as S3 writes it with encoding-type=url: unreserved bytes as they are, a
    /// space as `+`, every other byte as `%XX`.
    public static func urlEncoded(_ key: String) -> String {
        var text = ""
        for byte in key.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                 UInt8(ascii: "~"), UInt8(ascii: "/"):
                text.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                text += "+"
            default:
                text += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return text
    }

    /// A `manifest.json` for `files` (key in the destination bucket, gzip bytes).
    public static func manifest(sourceBucket: String, destinationBucket: String, files: [(key: String, bytes: [UInt8])],
                                format: String = "CSV") -> [UInt8] {
        let entries = files.map { file in
            "{\"key\": \"\(file.key)\", \"size\": \(file.bytes.count), \"MD5checksum\": \"\(MD5Hasher.digest(file.bytes).hex)\"}"
        }
        return Array("""
        {"sourceBucket": "\(sourceBucket)", "destinationBucket": "arn:aws:s3:::\(destinationBucket)", "version": "2016-11-30",
         "creationTimestamp": "1709251200000", "fileFormat": "\(format)", "fileSchema": "\(schema)",
         "files": [\(entries.joined(separator: ", "))]}
        """.utf8)
    }
}
