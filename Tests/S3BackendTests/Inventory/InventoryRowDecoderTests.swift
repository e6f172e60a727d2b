import Foundation
import ObjectStore
@testable import S3Backend
import TestSupport
import Testing

struct InventoryRowDecoderTests {
    /// The objects of `csv`, rows decoded with the standard schema (`nil` for rows left out).
    static func decode(_ csv: String, columns: InventoryColumns = InventoryFixture.columns) throws -> [ObjectInfo?] {
        var parser = InventoryCSVParser(fieldCount: columns.count, source: "test.csv")
        var decoder = InventoryRowDecoder(columns: columns, source: "test.csv")
        var objects: [ObjectInfo?] = []
        try Array(csv.utf8).withUnsafeBytes { bytes in
            try parser.parse(bytes) { objects.append(try decoder.decode($0)) }
        }
        try parser.finish { objects.append(try decoder.decode($0)) }
        return objects
    }

    static func code(_ csv: String) -> ObjectStoreError.Code? {
        do {
            _ = try decode(csv)
            return nil
        } catch {
            return (error as? ObjectStoreError)?.code
        }
    }

    @Test func decodesAnObject() throws {
        let row = InventoryFixture.row(["src", "photos/a+b%2Bc%C3%A9.jpg", "v1", "true", "false", "1234",
                                        "2024-03-01T12:34:56.000Z", "0123456789abcdef0123456789abcdef", "STANDARD", "false"])
        let object = try #require(try Self.decode(row).first ?? nil)
        #expect(object.key == "photos/a b+cé.jpg")
        #expect(object.size == 1234)
        #expect(object.lastModified == Date(timeIntervalSince1970: 1_709_296_496))
        #expect(object.etag == "\"0123456789abcdef0123456789abcdef\"")
        #expect(object.md5 == MD5Digest(hex: "0123456789abcdef0123456789abcdef"))
    }

    @Test func aMultipartETagIsNoMD5() throws {
        let row = InventoryFixture.objectRow(key: "big", size: "10485760", etag: "0123456789abcdef0123456789abcdef-2")
        let object = try #require(try Self.decode(row).first ?? nil)
        #expect(object.etag == "\"0123456789abcdef0123456789abcdef-2\"")
        #expect(object.md5 == nil)
    }

    @Test func onlyCurrentObjectsAreListed() throws {
        let csv = InventoryFixture.objectRow(key: "kept")
            + InventoryFixture.objectRow(key: "marker", size: "", etag: "", isDeleteMarker: "true")
            + InventoryFixture.objectRow(key: "old", isLatest: "false")
            + InventoryFixture.objectRow(key: "latest", isLatest: "true", isDeleteMarker: "false")
        #expect(try Self.decode(csv).map { $0?.key } == ["kept", nil, nil, "latest"])
    }

    @Test func withoutTheOptionalColumnsEveryRowIsAnObject() throws {
        let columns = try InventoryColumns(schema: "Bucket, Key, Size")
        let csv = InventoryFixture.row(["src", "a", "0"]) + InventoryFixture.row(["src", "b%2F", "5"])
        let objects = try Self.decode(csv, columns: columns)
        #expect(objects == [ObjectInfo(key: "a", size: 0), ObjectInfo(key: "b/", size: 5)])
    }

    @Test func emptyDateAndETagAreNoValues() throws {
        let object = try #require(try Self.decode(InventoryFixture.objectRow(key: "k", modified: "", etag: "")).first ?? nil)
        #expect(object.lastModified == nil)
        #expect(object.etag == nil)
        #expect(object.md5 == nil)
    }

    static let badRows: [(String, String)] = [
        ("empty size", InventoryFixture.objectRow(key: "k", size: "")),
        ("negative size", InventoryFixture.objectRow(key: "k", size: "-1")),
        ("size not a number", InventoryFixture.objectRow(key: "k", size: "12kB")),
        ("size past Int64", InventoryFixture.objectRow(key: "k", size: "9223372036854775808")),
        ("date not ISO 8601", InventoryFixture.objectRow(key: "k", modified: "2024-03-01 12:34:56")),
        ("impossible date", InventoryFixture.objectRow(key: "k", modified: "2024-02-30T00:00:00.000Z")),
        ("empty key", InventoryFixture.row(["src", "", "v1", "true", "false", "1", "", "", "STANDARD", "false"])),
        ("bad escape", InventoryFixture.row(["src", "a%2", "v1", "true", "false", "1", "", "", "STANDARD", "false"])),
        ("bad escape digits", InventoryFixture.row(["src", "a%zz", "v1", "true", "false", "1", "", "", "STANDARD", "false"])),
        ("not UTF-8", InventoryFixture.row(["src", "a%C3", "v1", "true", "false", "1", "", "", "STANDARD", "false"])),
        ("overlong UTF-8", InventoryFixture.row(["src", "%C0%AF", "v1", "true", "false", "1", "", "", "STANDARD", "false"])),
    ]

    @Test(arguments: badRows)
    func badRowsAreCorrupt(rule: (String, String)) {
        #expect(Self.code(InventoryFixture.objectRow(key: "fine") + rule.1) == .corrupt, "\(rule.0)")
    }

    /// Every hostile key of the fixture comes back byte for byte (the empty key is refused as
    /// corrupt: S3 cannot hold one).
    @Test func hostileKeysRoundTrip() throws {
        let keys = HostileKey.all().map(\.key).filter { !$0.isEmpty }
        #expect(keys.count > 20)
        let csv = keys.map { InventoryFixture.objectRow(key: $0) }.joined()
        let decoded = try Self.decode(csv).map { $0.map { Array($0.key.rawValue.utf8) } }
        #expect(decoded == keys.map { Array($0.utf8) })
        #expect(Self.code(InventoryFixture.objectRow(key: "")) == .corrupt)
    }
}
