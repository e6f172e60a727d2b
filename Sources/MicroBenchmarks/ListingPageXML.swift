import Foundation
import ObjectStore

/// Writes objects as the body of a ListObjectsV2 answer with `encoding-type=url`, in the shape S3
/// sends: url-encoded keys, quoted ETags as `&quot;` entities, millisecond times, checksum and
/// storage class elements, and a continuation token when more pages follow.
enum ListingPageXML {
    /// A continuation token of the length and alphabet S3 uses.
    static let continuationToken = "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=" + "Qm9yaW5nIGJ1dCByZWFsaXN0aWMgdG9rZW4="

    /// The XML body of one page.
    static func render(_ objects: [ObjectInfo], bucket: String = "examplebucket", isTruncated: Bool) -> [UInt8] {
        let times = ISO8601DateFormatter()
        times.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        times.timeZone = TimeZone(identifier: "UTC")
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        xml += #"<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"#
        xml += "<Name>" + bucket + "</Name><Prefix></Prefix>"
        if isTruncated { xml += "<NextContinuationToken>" + continuationToken + "</NextContinuationToken>" }
        xml += "<KeyCount>\(objects.count)</KeyCount><MaxKeys>1000</MaxKeys><EncodingType>url</EncodingType>"
        xml += "<IsTruncated>\(isTruncated)</IsTruncated>"
        for object in objects {
            xml += "<Contents><Key>" + urlEncoded(object.key.rawValue) + "</Key>"
            xml += "<LastModified>" + times.string(from: object.lastModified ?? Date(timeIntervalSince1970: 0)) + "</LastModified>"
            xml += "<ETag>" + (object.etag ?? "").replacingOccurrences(of: "\"", with: "&quot;") + "</ETag>"
            xml += "<ChecksumAlgorithm>CRC64NVME</ChecksumAlgorithm><ChecksumType>FULL_OBJECT</ChecksumType>"
            xml += "<Size>\(object.size)</Size><StorageClass>STANDARD</StorageClass></Contents>"
        }
        return Array((xml + "</ListBucketResult>").utf8)
    }

    /// S3's `encoding-type=url` form: unreserved bytes and `/` as they are, a space as `+`,
    /// everything else `%XX`.
    static func urlEncoded(_ text: String) -> String {
        var encoded: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                 UInt8(ascii: "."), UInt8(ascii: "~"), UInt8(ascii: "/"):
                encoded.append(byte)
            case UInt8(ascii: " "):
                encoded.append(UInt8(ascii: "+"))
            default:
                encoded += [UInt8(ascii: "%"), HexEncoding.uppercaseDigit(byte >> 4), HexEncoding.uppercaseDigit(byte & 0xF)]
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }
}
