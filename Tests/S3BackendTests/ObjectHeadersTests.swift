import CurlHTTP
import Foundation
import ObjectStore
import S3Backend
import Testing

/// The headers of successful GET and HEAD answers.
struct ObjectHeadersTests {
    static let jan15 = Date(timeIntervalSince1970: 1_736_942_400)  // Wed, 15 Jan 2025 12:00:00 GMT
    static let mar2 = Date(timeIntervalSince1970: 1_677_744_707)  // Thu, 02 Mar 2023 08:11:47 GMT
    static let feb3 = Date(timeIntervalSince1970: 1_517_630_706)  // Sat, 03 Feb 2018 04:05:06 GMT

    struct Expected: Sendable {
        var name: String
        var contentLength: Int64
        var objectSize: Int64
        var etag: String
        var md5: String?
        var lastModified: Date
        var partsCount: Int? = nil
        var range: ClosedRange<Int64>? = nil
        var storageClass: String? = nil
        var encryption: String? = nil
    }

    static let table: [Expected] = [
        Expected(name: "get-object-200-singlepart", contentLength: 21, objectSize: 21,
                 etag: "\"d447d0e8f289f16a12ff6027ce77c258\"", md5: "d447d0e8f289f16a12ff6027ce77c258",
                 lastModified: jan15, encryption: "AES256"),
        Expected(name: "get-object-206-range", contentLength: 10, objectSize: 21,
                 etag: "\"d447d0e8f289f16a12ff6027ce77c258\"", md5: "d447d0e8f289f16a12ff6027ce77c258",
                 lastModified: jan15, range: 0...9),
        Expected(name: "head-object-200-glacier", contentLength: 434_234, objectSize: 434_234,
                 etag: "\"9b2cf535f27731c974343645a3985328\"", md5: "9b2cf535f27731c974343645a3985328",
                 lastModified: feb3, storageClass: "GLACIER"),
        Expected(name: "head-object-200-glacier-restored", contentLength: 434_234, objectSize: 434_234,
                 etag: "\"9b2cf535f27731c974343645a3985328\"", md5: "9b2cf535f27731c974343645a3985328",
                 lastModified: feb3, storageClass: "GLACIER"),
        Expected(name: "head-object-200-multipart", contentLength: 5_242_881, objectSize: 5_242_881,
                 etag: "\"e5a8c5272b26fc10581a21089559b006-2\"", md5: nil, lastModified: mar2, encryption: "AES256"),
        // SSE-KMS: the ETag looks like an MD5 but is not the MD5 of the data.
        Expected(name: "head-object-200-sse-kms", contentLength: 21, objectSize: 21,
                 etag: "\"6f1b4bd0a0a1a2b3c4d5e6f708192a3b\"", md5: nil, lastModified: jan15, encryption: "aws:kms"),
        Expected(name: "head-object-206-multipart-partNumber1", contentLength: 5_242_880, objectSize: 5_242_881,
                 etag: "\"e5a8c5272b26fc10581a21089559b006-2\"", md5: nil, lastModified: mar2, partsCount: 2,
                 range: 0...5_242_879),
    ]

    /// Every successful GET/HEAD fixture is in the table.
    @Test func tableCoversEverySuccessfulObjectFixture() throws {
        let names = (S3Fixture.names(prefix: "get-object-") + S3Fixture.names(prefix: "head-object-"))
            .filter { try! S3Fixture.load($0).head.status < 300 && !$0.contains("attributes") }
        #expect(Set(names) == Set(Self.table.map(\.name)))
    }

    @Test(arguments: table)
    func fixture(expected: Expected) throws {
        let fixture = try S3Fixture.load(expected.name)
        let headers = try ObjectHeaders(head: fixture.head)
        #expect(headers.contentLength == expected.contentLength)
        #expect(headers.objectSize == expected.objectSize)
        #expect(headers.etag == expected.etag)
        #expect(headers.md5?.hex == expected.md5)
        #expect(headers.lastModified == expected.lastModified)
        #expect(headers.partsCount == expected.partsCount)
        #expect(headers.contentRange?.bytes == expected.range)
        #expect(headers.storageClass == expected.storageClass)
        #expect(headers.serverSideEncryption == expected.encryption)
        if fixture.hasBody { #expect(Int64(fixture.body.count) == headers.contentLength) }

        let info = try #require(headers.objectInfo(key: "k"))
        #expect(info == ObjectInfo(key: "k", size: expected.objectSize, lastModified: expected.lastModified,
                                   etag: expected.etag, md5: expected.md5.flatMap { MD5Digest(hex: $0) }))
    }

    /// Sizes decide how many bytes are written: malformed ones are refused, not guessed around.
    static let malformed: [(String, String)] = [
        ("Content-Length", "-1"),
        ("Content-Length", "12a"),
        ("Content-Length", ""),
        ("Content-Length", "99999999999999999999"),
        ("x-amz-mp-parts-count", "0"),
        ("x-amz-mp-parts-count", "two"),
        ("Content-Range", "bytes 9-0/21"),
        ("Content-Range", "bytes 0-21/21"),
        ("Content-Range", "items 0-9/21"),
        ("Content-Range", "bytes 0-4/21"),  // 5 bytes, but Content-Length says 10
    ]

    @Test(arguments: malformed)
    func malformedHeader(name: String, value: String) {
        var headers = [HTTPHeader(name, value)]
        if name != "Content-Length" { headers.append(HTTPHeader("Content-Length", "10")) }
        let error = #expect(throws: ObjectStoreError.self) {
            try ObjectHeaders(head: HTTPResponseHead(status: 206, headers: headers))
        }
        #expect(error?.code == .corrupt)
    }

    @Test func customerKeyEtagIsNotAnMD5() throws {
        let head = HTTPResponseHead(status: 200, headers: [
            HTTPHeader("ETag", "\"0123456789abcdef0123456789abcdef\""), HTTPHeader("Content-Length", "3"),
            HTTPHeader("x-amz-server-side-encryption-customer-algorithm", "AES256"),
        ])
        let headers = try ObjectHeaders(head: head)
        #expect(headers.md5 == nil)
        #expect(headers.customerKeyAlgorithm == "AES256")
    }

    @Test func missingLengthGivesNoObjectInfo() throws {
        let headers = try ObjectHeaders(head: HTTPResponseHead(status: 200, headers: [HTTPHeader("ETag", "\"x\"")]))
        #expect(headers.objectInfo(key: "k") == nil)
        #expect(headers.lastModified == nil)
    }
}
