import Foundation
import ObjectStore
import S3Backend
import Testing

/// How long a full page takes to parse. Printed, not asserted: timings on a shared machine vary,
/// and a debug build is many times slower than a release one (`swift test -c release`).
struct ListObjectsV2PerformanceTests {
    /// A 1,000-key page shaped like S3's, url-encoded, with entities and multi-byte keys.
    static func fullPage(keys: Int = 1000) -> [UInt8] {
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        xml += #"<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>examplebucket</Name>"#
        xml += "<Prefix>data%2Fset+1/</Prefix><NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>"
        xml += "<KeyCount>\(keys)</KeyCount><MaxKeys>1000</MaxKeys><EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>"
        for index in 0..<keys {
            xml += "<Contents><Key>data%2Fset+1/2025/caf%C3%A9/file-\(index)+copy.parquet</Key>"
            xml += "<LastModified>2025-03-01T12:34:56.789Z</LastModified>"
            xml += "<ETag>&quot;0123456789abcdef0123456789abcdef&quot;</ETag>"
            xml += "<ChecksumAlgorithm>CRC32</ChecksumAlgorithm><ChecksumType>FULL_OBJECT</ChecksumType>"
            xml += "<Size>\(index * 1_048_576 + 17)</Size><StorageClass>STANDARD</StorageClass></Contents>"
        }
        return Array((xml + "</ListBucketResult>").utf8)
    }

    @Test func thousandKeyPage() throws {
        let body = Self.fullPage()
        let clock = ContinuousClock()
        var best = Duration.seconds(1000)
        var page = ListObjectsV2Page()
        for _ in 0..<20 {
            let elapsed = try clock.measure { page = try ListObjectsV2Page.parse(body) }
            best = min(best, elapsed)
        }
        #expect(page.contents.count == 1000)
        #expect(page.objects[999].key == "data/set 1/2025/caf\u{E9}/file-999 copy.parquet")
        #expect(page.objects[999].size == 999 * 1_048_576 + 17)
        #expect(page.objects[0].md5 != nil)
        let milliseconds = Double(best.components.attoseconds) / 1e15 + Double(best.components.seconds) * 1000
        print("ListObjectsV2Page.parse: 1,000 keys (\(body.count) bytes) in \(String(format: "%.3f", milliseconds)) ms (best of 20)")
    }
}
