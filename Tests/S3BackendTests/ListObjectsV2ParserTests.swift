import Foundation
import ObjectStore
import S3Backend
import Testing

/// Listing documents built for one rule each.
struct ListObjectsV2ParserTests {
    /// A listing around `inner`, with `IsTruncated` unless `truncatedElement` is false.
    static func listing(_ inner: String, encoding: String? = nil, truncatedElement: Bool = true) -> [UInt8] {
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        xml += #"<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name>"#
        if let encoding { xml += "<EncodingType>\(encoding)</EncodingType>" }
        if truncatedElement { xml += "<IsTruncated>false</IsTruncated>" }
        return Array((xml + inner + "</ListBucketResult>").utf8)
    }

    static func entry(_ key: String, size: String = "1", extra: String = "") -> String {
        "<Contents><Key>\(key)</Key><LastModified>2025-03-01T00:00:00.000Z</LastModified>"
            + "<ETag>&quot;0123456789abcdef0123456789abcdef&quot;</ETag><Size>\(size)</Size>\(extra)</Contents>"
    }

    static func keys(_ body: [UInt8]) throws -> [[UInt8]] {
        try ListObjectsV2Page.parse(body).objects.map { Array($0.key.rawValue.utf8) }
    }

    static func corruptCode(_ body: [UInt8]) -> ObjectStoreError.Code? {
        do {
            _ = try ListObjectsV2Page.parse(body)
            return nil
        } catch let error as ObjectStoreError {
            return error.code
        } catch {
            return nil
        }
    }

    /// Raw XML text of a key → the key. Without `EncodingType`, `+` and `%` are literal.
    static let plainKeys: [(String, String)] = [
        ("a&amp;b", "a&b"),
        ("&lt;&gt;&quot;&apos;", "<>\"'"),
        ("&#65;&#x42;&#x6a;", "ABj"),
        ("&#x1F600;", "\u{1F600}"),
        ("&#233;", "\u{E9}"),
        ("cr&#13;lf&#10;", "cr\rlf\n"),
        ("raw\r\ncrlf", "raw\ncrlf"),  // XML normalizes a raw CR LF to LF
        ("raw\rcr", "raw\ncr"),
        ("a+b%20c", "a+b%20c"),
        ("<![CDATA[<&>]]>", "<&>"),
        ("a<!-- note -->b", "ab"),
        ("  spaced  ", "  spaced  "),  // keys are never trimmed
        ("caf\u{E9}", "caf\u{E9}"),
    ]

    @Test(arguments: plainKeys)
    func plainKey(xml: String, key: String) throws {
        #expect(try Self.keys(Self.listing(Self.entry(xml))) == [Array(key.utf8)])
    }

    /// Raw XML text of a key → the key, with `EncodingType` `url`.
    static let urlKeys: [(String, String)] = [
        ("a+b", "a b"),
        ("a%2Bb", "a+b"),
        ("a%2bb", "a+b"),
        ("a%20b", "a b"),
        ("100%25", "100%"),
        ("%E2%82%AC", "\u{20AC}"),
        ("%F4%8F%BF%BF%EF%BF%BD%ED%9F%BF", "\u{10FFFF}\u{FFFD}\u{D7FF}"),  // edges of the valid ranges
        ("%26%3C", "&<"),
        ("&amp;%26", "&&"),  // entities first, then percent-decoding
        ("%25%32%30", "%20"),  // decoded once only
        ("plain", "plain"),
    ]

    @Test(arguments: urlKeys)
    func urlEncodedKey(xml: String, key: String) throws {
        #expect(try Self.keys(Self.listing(Self.entry(xml), encoding: "url")) == [Array(key.utf8)])
    }

    /// `EncodingType` after the entries it applies to still decodes them.
    @Test func encodingTypeAfterTheEntries() throws {
        let inner = Self.entry("a+b") + "<CommonPrefixes><Prefix>p%2B/</Prefix></CommonPrefixes>"
            + "<Prefix>x+y</Prefix><EncodingType>url</EncodingType>" + Self.entry("c%20d")
        let page = try ListObjectsV2Page.parse(Self.listing(inner))
        #expect(page.objects.map(\.key) == ["a b", "c d"])
        #expect(page.commonPrefixes == ["p+/"])
        #expect(page.prefix == "x y")
    }

    @Test func tokensAreNeverDecoded() throws {
        let inner = "<ContinuationToken>a+b%2F</ContinuationToken><NextContinuationToken>c+d%3D</NextContinuationToken>"
        let page = try ListObjectsV2Page.parse(Self.listing(inner, encoding: "url"))
        #expect(page.continuationToken == "a+b%2F")
        #expect(page.nextContinuationToken == "c+d%3D")
    }

    @Test func startAfterAndDelimiterAreDecoded() throws {
        let inner = "<StartAfter>a+b%2B</StartAfter><Delimiter>%2F</Delimiter>"
        let page = try ListObjectsV2Page.parse(Self.listing(inner, encoding: "url"))
        #expect(page.startAfter == "a b+")
        #expect(page.delimiter == "/")
    }

    /// Pretty-printed XML, attributes, unknown and nested elements are all fine.
    @Test func toleratesLayoutAndUnknownElements() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- a comment before the root -->
            <ListBucketResult xmlns='http://s3.amazonaws.com/doc/2006-03-01/' extra = "a>b">
              <Name>b</Name>
              <IsTruncated> true </IsTruncated>
              <NextContinuationToken>t</NextContinuationToken>
              <Contents>
                <Key>k</Key>
                <Owner><ID>id</ID><DisplayName>me</DisplayName></Owner>
                <RestoreStatus><IsRestoreInProgress>false</IsRestoreInProgress></RestoreStatus>
                <Size> 42 </Size>
                <StorageClass>DEEP_ARCHIVE</StorageClass>
                <Future/>
              </Contents>
            </ListBucketResult>

            """
        let page = try ListObjectsV2Page.parse(Array(xml.utf8))
        #expect(page.isTruncated)
        #expect(page.contents.count == 1)
        #expect(page.contents[0].info.key == "k")
        #expect(page.contents[0].info.size == 42)
        #expect(page.contents[0].info.lastModified == nil)
        #expect(page.contents[0].info.etag == nil)
        #expect(page.contents[0].storageClass == "DEEP_ARCHIVE")
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let page = try ListObjectsV2Page.parse([0xEF, 0xBB, 0xBF] + Self.listing(Self.entry("k")))
        #expect(page.objects.map(\.key) == ["k"])
    }

    @Test(arguments: [
        ("0", Int64(0)), ("9223372036854775807", Int64.max), ("007", 7),
    ])
    func sizes(text: String, size: Int64) throws {
        #expect(try ListObjectsV2Page.parse(Self.listing(Self.entry("k", size: text))).objects[0].size == size)
    }

    @Test(arguments: ["-1", "9223372036854775808", "99999999999999999999", "", "1.5", "+1", "1e3", "0x10", "one", "1 2"])
    func badSizesAreCorrupt(text: String) {
        #expect(Self.corruptCode(Self.listing(Self.entry("k", size: text))) == .corrupt)
    }

    /// Documents that must be refused, each with its reason.
    static let corruptDocuments: [(String, [UInt8])] = [
        ("empty body", []),
        ("whitespace only", Array(" \n".utf8)),
        ("not XML", Array("<html><body>502 Bad Gateway</body></html>".utf8)),
        ("an Error document", Array("<Error><Code>AccessDenied</Code></Error>".utf8)),
        ("no IsTruncated", listing(entry("k"), truncatedElement: false)),
        ("IsTruncated not a boolean", Array("<ListBucketResult><IsTruncated>yes</IsTruncated></ListBucketResult>".utf8)),
        ("missing Key", listing("<Contents><Size>1</Size></Contents>")),
        ("empty Key", listing(entry(""))),
        ("missing Size", listing("<Contents><Key>k</Key></Contents>")),
        ("bad LastModified", listing("<Contents><Key>k</Key><Size>1</Size><LastModified>yesterday</LastModified></Contents>")),
        ("impossible LastModified", listing("<Contents><Key>k</Key><Size>1</Size><LastModified>2025-02-30T00:00:00Z</LastModified></Contents>")),
        ("bad KeyCount", listing("<KeyCount>-3</KeyCount>")),
        ("unknown entity", listing(entry("a&nbsp;b"))),
        ("bare ampersand", listing(entry("a & b"))),
        ("unterminated entity", listing(entry("a&amp"))),
        ("reference to a surrogate", listing(entry("&#xD800;"))),
        ("reference past Unicode", listing(entry("&#x110000;"))),
        ("empty reference", listing(entry("&#;"))),
        ("malformed percent escape", listing(entry("100%"), encoding: "url")),
        ("short percent escape", listing(entry("a%2"), encoding: "url")),
        ("non-hex percent escape", listing(entry("a%zz"), encoding: "url")),
        ("percent escape of invalid UTF-8", listing(entry("%C3%28"), encoding: "url")),
        ("overlong UTF-8", listing(entry("%C0%AF"), encoding: "url")),
        ("overlong 3-byte UTF-8", listing(entry("%E0%80%AF"), encoding: "url")),
        ("UTF-8 surrogate", listing(entry("%ED%A0%80"), encoding: "url")),
        ("UTF-8 past U+10FFFF", listing(entry("%F4%90%80%80"), encoding: "url")),
        ("truncated UTF-8", listing(entry("%F0%9F%98x"), encoding: "url")),
        ("UTF-8 at the end, truncated", listing(entry("a%E2%82"), encoding: "url")),
        ("lone continuation byte", listing(entry("%80"), encoding: "url")),
        ("invalid UTF-8 bytes", listing("<Contents><Key>\u{1}</Key><Size>1</Size></Contents>").map { $0 == 1 ? 0xFF : $0 }),
        ("mismatched end tag", Array("<ListBucketResult><IsTruncated>false</Truncated></ListBucketResult>".utf8)),
        ("unclosed root", Array("<ListBucketResult><IsTruncated>false</IsTruncated>".utf8)),
        ("second root", listing("") + Array("<ListBucketResult/>".utf8)),
        ("text after the root", listing("") + Array("junk".utf8)),
        ("DOCTYPE", Array("<!DOCTYPE x [<!ENTITY e \"boom\">]><ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>".utf8)),
        ("unterminated comment", Array("<ListBucketResult><IsTruncated>false</IsTruncated><!-- ".utf8)),
        ("unterminated CDATA", Array("<ListBucketResult><Name><![CDATA[abc".utf8)),
        ("unquoted attribute", Array("<ListBucketResult a=b><IsTruncated>false</IsTruncated></ListBucketResult>".utf8)),
    ]

    @Test(arguments: corruptDocuments)
    func corruptDocument(reason: String, body: [UInt8]) {
        #expect(Self.corruptCode(body) == .corrupt, "\(reason)")
    }

    /// Every proper prefix of a real page fails: a cut anywhere is seen, never read as a shorter page.
    @Test func everyCutIsDetected() throws {
        let body = try S3Fixture.load("list-v2-page1-truncated").body
        var accepted: [Int] = []
        for length in 0..<body.count where Self.corruptCode(Array(body[..<length])) != .corrupt {
            accepted.append(length)
        }
        #expect(accepted.isEmpty)
    }

    @Test func missingKeyErrorSaysWhichEntry() {
        let body = Self.listing(Self.entry("k") + "<Contents><Size>1</Size></Contents>")
        let error = #expect(throws: ObjectStoreError.self) { try ListObjectsV2Page.parse(body) }
        #expect(error?.code == .corrupt)
        #expect(error?.key == nil)
    }

    @Test func lastModifiedKeepsMilliseconds() throws {
        let inner = "<Contents><Key>k</Key><Size>1</Size><LastModified>2025-03-01T00:00:00.250Z</LastModified></Contents>"
        let date = try #require(try ListObjectsV2Page.parse(Self.listing(inner)).objects[0].lastModified)
        #expect(date.timeIntervalSince1970 == 1_740_787_200.25)
    }

    @Test func continuationOfAnEmptyTokenIsBroken() {
        let page = ListObjectsV2Page(isTruncated: true, nextContinuationToken: "")
        #expect(page.continuation == .truncatedWithoutToken)
        #expect(ListObjectsV2Page(isTruncated: false, nextContinuationToken: "t").continuation == .complete)
    }
}
