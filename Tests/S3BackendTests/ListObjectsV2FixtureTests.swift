import CurlHTTP
import Foundation
import ObjectStore
import S3Backend
import Testing

/// Every `list-v2-*` fixture, parsed.
struct ListObjectsV2FixtureTests {
    static let token = "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM="

    /// What each fixture must give: its keys in order (or `nil` when parsing must fail with
    /// `corrupt`), whether it is truncated, and its continuation.
    static let table: [(name: String, keys: [String]?, truncated: Bool, continuation: ListObjectsV2Page.Continuation)] = [
        ("list-v2-bad-sizes", nil, false, .complete),
        ("list-v2-delimiter-commonprefixes-url", ["asdf+b"], false, .complete),
        ("list-v2-empty", [], false, .complete),
        ("list-v2-empty-prefix", [], false, .complete),
        ("list-v2-encoding-url", urlKeys, false, .complete),
        ("list-v2-encoding-url-pct20", urlKeys, false, .complete),
        ("list-v2-hostile-keys", hostileKeys, false, .complete),
        ("list-v2-page1-truncated",
         ["photos/2006/January/sample.jpg", "photos/2006/February/big.bin", "photos/2006/March/welcome.txt"],
         true, .next(token: token)),
        ("list-v2-page2-final",
         ["photos/2006/April/", "photos/2006/April/archived.tar", "photos/2006/May/empty.dat"], false, .complete),
        ("list-v2-token-loop", ["loop.txt"], true, .next(token: token)),
        ("list-v2-truncated-without-token", ["only.txt"], true, .truncatedWithoutToken),
        ("list-v2-truncated-xml", nil, true, .complete),
    ]

    /// The keys of both url-encoded fixtures, decoded (README of the fixtures).
    static let urlKeys = [
        "a b.txt", "a+b.txt", "100%.csv", "\u{D55C}\u{AE00}/x.txt", "caf\u{E9}.txt", "cafe\u{301}.txt",
        "\u{1F600}.png", "q? #frag.txt", "line\nbreak.txt", "run books/&<>.txt",
    ]

    static let hostileKeys = [
        "../escape.txt", "a/../../escape2.txt", "/etc/cron.d/evil", "a//b", "./a", ".", "..", "dir/", "dir",
        "dir/child", "back\\slash\\..\\..\\win.txt", "cr\rlf\nkey", "tab\tkey", "A", "a", "caf\u{E9}", "cafe\u{301}",
        "x/" + String(repeating: "y", count: 300) + "/z", "quote\"apos'amp&lt<gt>",
    ]

    @Test func tableCoversEveryListingFixture() {
        #expect(Self.table.map(\.name) == S3Fixture.names(prefix: "list-v2-"))
    }

    @Test(arguments: table)
    func fixture(name: String, keys: [String]?, truncated: Bool, continuation: ListObjectsV2Page.Continuation) throws {
        let fixture = try S3Fixture.load(name)
        #expect(fixture.head.status == 200)
        guard let keys else {
            let error = #expect(throws: ObjectStoreError.self) { try ListObjectsV2Page.parse(fixture.body) }
            #expect(error?.code == .corrupt)
            return
        }
        let page = try ListObjectsV2Page.parse(fixture.body)
        // Compared as UTF-8 bytes: `String ==` would equate the NFC and NFD spellings of café.
        #expect(page.objects.map { Array($0.key.rawValue.utf8) } == keys.map { Array($0.utf8) })
        #expect(page.isTruncated == truncated)
        #expect(page.continuation == continuation)
        if page.commonPrefixes.isEmpty { #expect(page.keyCount == keys.count) }
        #expect(page.bucket == "examplebucket")
    }

    @Test func firstPageOfTwo() throws {
        let page = try ListObjectsV2Page.parse(S3Fixture.load("list-v2-page1-truncated").body)
        #expect(page.prefix == "photos/")
        #expect(page.maxKeys == 3)
        #expect(page.continuationToken == nil)
        #expect(page.nextContinuationToken == Self.token)
        #expect(page.encodingType == nil)

        let first = page.contents[0].info
        #expect(first.size == 11)
        #expect(first.etag == "\"70ee1738b6b21e2c8a43f3a5ab0eee71\"")
        #expect(first.md5?.hex == "70ee1738b6b21e2c8a43f3a5ab0eee71")
        #expect(first.lastModified == Date(timeIntervalSince1970: 1_416_598_805))  // 2014-11-21T19:40:05.000Z
        #expect(page.contents[0].storageClass == "STANDARD")

        let multipart = page.contents[1].info
        #expect(multipart.size == 5_242_881)
        #expect(multipart.etag == "\"e5a8c5272b26fc10581a21089559b006-2\"")
        #expect(multipart.md5 == nil)  // a multipart ETag is not the MD5 of the data
        #expect(page.contents[2].info.md5?.hex == "d447d0e8f289f16a12ff6027ce77c258")
    }

    @Test func finalPage() throws {
        let page = try ListObjectsV2Page.parse(S3Fixture.load("list-v2-page2-final").body)
        #expect(page.continuationToken == Self.token)
        #expect(page.nextContinuationToken == nil)
        #expect(page.contents[0].info.key.isDirectoryMarker)
        #expect(page.contents[0].info.size == 0)
        #expect(page.contents[1].storageClass == "GLACIER")
        #expect(page.contents[2].info.size == 0)
        #expect(page.contents[2].info.md5?.hex == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(page.contents[1].info.lastModified == Date(timeIntervalSince1970: 1_517_630_706))  // 2018-02-03T04:05:06Z
    }

    /// The lister needs both tokens to see that the server answered with the token it was sent.
    @Test func tokenLoopExposesBothTokens() throws {
        let page = try ListObjectsV2Page.parse(S3Fixture.load("list-v2-token-loop").body)
        #expect(page.continuationToken == Self.token)
        #expect(page.nextContinuationToken == page.continuationToken)
    }

    @Test func delimiterAndCommonPrefixesAreDecoded() throws {
        let page = try ListObjectsV2Page.parse(S3Fixture.load("list-v2-delimiter-commonprefixes-url").body)
        #expect(page.delimiter == "/")
        #expect(page.encodingType == "url")
        #expect(page.commonPrefixes == ["foo+1/", "foo/", "quux ab/"])
    }

    @Test(arguments: ["list-v2-encoding-url", "list-v2-encoding-url-pct20"])
    func urlEncodedKeysKeepTheirSizes(name: String) throws {
        let page = try ListObjectsV2Page.parse(S3Fixture.load(name).body)
        #expect(page.objects.map(\.size) == Array(11...20))
        #expect(page.prefix == "")
        // NFC and NFD spellings stay two keys.
        #expect(Set(page.objects.map(\.key)).count == 10)
    }

    @Test func emptyBucketWithEmptyElementPrefix() throws {
        let page = try ListObjectsV2Page.parse(S3Fixture.load("list-v2-empty").body)
        #expect(page.prefix == "")
        #expect(page.contents.isEmpty)
        #expect(page.commonPrefixes.isEmpty)
        #expect(page.keyCount == 0)
    }

    @Test func emptyPrefixListing() throws {
        let page = try ListObjectsV2Page.parse(S3Fixture.load("list-v2-empty-prefix").body)
        #expect(page.prefix == "does-not-exist/")
        #expect(page.contents.isEmpty)
    }

    @Test func badSizeNamesTheKey() throws {
        let body = try S3Fixture.load("list-v2-bad-sizes").body
        let error = #expect(throws: ObjectStoreError.self) { try ListObjectsV2Page.parse(body) }
        #expect(error?.code == .corrupt)
        #expect(error?.key == "neg.txt")
    }

    /// The cut is in the middle of an entry, where a lax parser would return the entries before it.
    @Test func truncatedBodyIsNeverAShortListing() throws {
        let fixture = try S3Fixture.load("list-v2-truncated-xml")
        #expect(fixture.head.header("Content-Length") == String(fixture.body.count))
        let error = #expect(throws: ObjectStoreError.self) { try ListObjectsV2Page.parse(fixture.body) }
        #expect(error?.code == .corrupt)
    }
}
