import CurlHTTP
import Digests
import Foundation
import Logging
import ObjectStore
import S3Backend
import Testing
import TestSupport

/// The S3 backend against a real S3-compatible server (moto) on loopback.
@Suite("S3Store against moto")
struct S3StoreMotoTests {
    let stores: MotoStores
    var moto: MotoServer { stores.moto }

    init() async throws {
        stores = try await MotoStores()
    }

    func store(_ bucket: String, prefix: String = "") throws -> S3Store {
        try stores.store(bucket, prefix: prefix)
    }

    static func uniqueBucket(_ label: String) -> String {
        "\(label)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    @Test("a listing of more than 2,500 objects pages through every one")
    func pagination() async throws {
        let bucket = Self.uniqueBucket("pages")
        let keys = (0..<2600).map { (String(format: "d%02d/k%05d", $0 % 13, $0), [UInt8(truncatingIfNeeded: $0)]) }
        try await moto.seed(bucket: bucket, keys: keys)
        var pages = 0
        var listed: [String: Int64] = [:]
        for try await page in try store(bucket).list() {
            pages += 1
            #expect(page.count <= 1000)
            for object in page { listed[object.key.rawValue] = object.size }
        }
        #expect(pages == 3)
        #expect(listed.count == 2600)
        #expect(Set(listed.keys) == Set(keys.map(\.0)))
    }

    static let specialKeys = [
        "a b.txt", "a+b.txt", "100%.csv", "%2e%2e/x", "a%2Fb", "q?.txt", "h#frag.txt", "semi;colon=eq&amp.txt",
        "caf\u{e9}.txt", "cafe\u{301}.txt", "\u{1F600}.png", "tab\tkey", "back\\slash", " leading-space", "dir/", "empty",
        "deep/er/path/file.bin",
    ]

    @Test("keys with spaces, unicode, '+', '%' and friends list and read back exactly")
    func specialKeysRoundTrip() async throws {
        let bucket = Self.uniqueBucket("special")
        let contents = Self.specialKeys.map { key in (key, key == "dir/" || key == "empty" ? [] : Array("body of \(key)".utf8)) }
        // Keyed by ObjectKey: String's == would take caf\u{e9} and cafe\u{301} for one key.
        let expected = Dictionary(uniqueKeysWithValues: contents.map { (ObjectKey($0.0), $0.1) })
        try await moto.seed(bucket: bucket, keys: contents)
        let s3 = try store(bucket)
        let listed = try await s3.listAll()
        #expect(Set(listed.map(\.key)) == Set(expected.keys))
        #expect(listed.count == Self.specialKeys.count)
        for object in listed {
            let sink = CollectingSink()
            try await s3.read(object, range: nil, into: sink)
            #expect(sink.bytes == expected[object.key], "\(object.key.rawValue.debugDescription)")
            #expect(try await s3.stat(object.key)?.size == object.size)
        }
        #expect(try await s3.stat("no such key") == nil)
    }

    @Test("a store rooted at a prefix lists keys relative to it, and ranges read the right bytes")
    func prefixAndRanges() async throws {
        let bucket = Self.uniqueBucket("prefix")
        let body = (0..<1000).map { UInt8($0 % 251) }
        try await moto.seed(bucket: bucket, keys: [("logs/2026/a.bin", body), ("logs-old/b", [1]), ("other", [2])])
        let s3 = try store(bucket, prefix: "logs/")
        let listed = try await s3.listAll()
        #expect(listed.map(\.key.rawValue) == ["2026/a.bin"])
        let sink = CollectingSink()
        try await s3.read(listed[0], range: 100..<350, into: sink)
        #expect(sink.bytes == Array(body[100..<350]))
        #expect(sink.offsets.first == 100)
    }

    @Test("an object replaced after listing fails with sourceChanged (If-Match)")
    func changedObject() async throws {
        let bucket = Self.uniqueBucket("changed")
        try await moto.seed(bucket: bucket, keys: [("k", Array("first version".utf8))])
        let s3 = try store(bucket)
        let listed = try #require(try await s3.listAll().first)
        try await moto.seed(bucket: bucket, keys: [("k", Array("second version".utf8))])
        await #expect { try await s3.read(listed, range: nil, into: CollectingSink()) } throws: {
            ($0 as? ObjectStoreError)?.code == .sourceChanged
        }
    }

    @Test("a multipart object reads whole; its ETag is not taken for an MD5")
    func multipart() async throws {
        let bucket = Self.uniqueBucket("multi")
        try await moto.seed(bucket: bucket, multipart: [("big.bin", 12_000_000, 5 << 20)])
        let s3 = try store(bucket)
        let object = try #require(try await s3.listAll().first)
        #expect(object.etag?.hasSuffix("-3\"") == true)
        #expect(object.md5 == nil)
        let sink = CollectingSink()
        try await s3.read(object, range: nil, into: sink)
        #expect(sink.bytes.count == 12_000_000)
        #expect(sink.bytes == (0..<12_000_000).map { UInt8($0 % 251) })
        // The multipart checksum: learnt from S3 (part size by a HEAD of part 1), and the same
        // computed locally from the bytes in that part size.
        let checksum = try #require(try await s3.checksum(of: object))
        #expect(checksum.partSize == 5 << 20 && checksum.partCount == 3)
        #expect("\"\(checksum)\"" == object.etag)
        let local = ChecksumSink(shapedLike: checksum)
        try sink.bytes.withUnsafeBytes { try local.write($0, at: 0) }
        #expect(local.finalize() == checksum)
    }

    @Test("a missing bucket is reported as such")
    func missingBucket() async throws {
        let s3 = try store(Self.uniqueBucket("missing"))
        await #expect { _ = try await s3.listAll() } throws: {
            ($0 as? ObjectStoreError)?.code == .bucketNotFound
        }
    }
}
