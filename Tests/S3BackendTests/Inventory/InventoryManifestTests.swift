import Foundation
import ObjectStore
import S3Backend
import Testing

struct InventoryManifestTests {
    static func fields() -> [String: Any] {
        [
            "sourceBucket": "example-source",
            "destinationBucket": "arn:aws:s3:::example-inventory",
            "version": "2016-11-30",
            "creationTimestamp": "1514944800000",
            "fileFormat": "CSV",
            "fileSchema": InventoryFixture.schema,
            "files": [
                ["key": "inv/example-source/cfg/data/a.csv.gz", "size": 2_147_483_647, "MD5checksum": "f11166069f1990abeb9c97ace9cdfabc"],
                ["key": "inv/example-source/cfg/data/b.csv.gz", "size": 20, "MD5checksum": "D41D8CD98F00B204E9800998ECF8427E"],
            ],
        ]
    }

    /// The manifest as JSON, with `changes` made (a `nil` removes the field).
    static func manifest(_ changes: [String: Any?] = [:]) -> [UInt8] {
        var fields = fields()
        for (name, value) in changes { fields[name] = value }
        return Array(try! JSONSerialization.data(withJSONObject: fields))
    }

    /// The manifest with its first file changed.
    static func manifest(firstFile changes: [String: Any?]) -> [UInt8] {
        var files = fields()["files"] as! [[String: Any]]
        for (name, value) in changes { files[0][name] = value }
        return manifest(["files": files])
    }

    static func code(_ bytes: [UInt8]) -> ObjectStoreError.Code? {
        do {
            _ = try InventoryManifest.parse(bytes)
            return nil
        } catch {
            return (error as? ObjectStoreError)?.code
        }
    }

    @Test func parsesEveryField() throws {
        let parsed = try InventoryManifest.parse(Self.manifest())
        #expect(parsed.sourceBucket == "example-source")
        #expect(parsed.destinationBucket == "example-inventory")
        #expect(parsed.version == "2016-11-30")
        #expect(parsed.creationTime == Date(timeIntervalSince1970: 1_514_944_800))
        #expect(parsed.columns == InventoryColumns(count: 10, key: 1, size: 5, lastModifiedDate: 6, eTag: 7,
                                                   isLatest: 3, isDeleteMarker: 4))
        #expect(parsed.files == [
            InventoryManifest.File(key: "inv/example-source/cfg/data/a.csv.gz", size: 2_147_483_647,
                                   md5: MD5Digest(hex: "f11166069f1990abeb9c97ace9cdfabc")!),
            InventoryManifest.File(key: "inv/example-source/cfg/data/b.csv.gz", size: 20,
                                   md5: MD5Digest(hex: "d41d8cd98f00b204e9800998ecf8427e")!),
        ])
    }

    @Test func minimalSchemaAndNoFiles() throws {
        let parsed = try InventoryManifest.parse(Self.manifest(["fileSchema": "Key,Size", "files": [Any]()]))
        #expect(parsed.files.isEmpty)
        #expect(parsed.columns == InventoryColumns(count: 2, key: 0, size: 1))
    }

    @Test func versionAndTimestampMayBeAbsent() throws {
        let parsed = try InventoryManifest.parse(Self.manifest(["version": nil, "creationTimestamp": nil]))
        #expect(parsed.version == nil)
        #expect(parsed.creationTime == nil)
    }

    @Test(arguments: ["CSV", "csv"])
    func csvInAnyCase(format: String) throws {
        let parsed = try InventoryManifest.parse(Self.manifest(["fileFormat": format]))
        #expect(parsed.files.count == 2)
    }

    @Test(arguments: ["ORC", "Parquet"])
    func otherFormatsAreUnsupported(format: String) {
        #expect(Self.code(Self.manifest(["fileFormat": format])) == .unsupported)
    }

    static let corruptManifests: [(String, [UInt8])] = [
        ("empty", []),
        ("not JSON", Array("sourceBucket: x".utf8)),
        ("cut short", Array(manifest().prefix(200))),
        ("an array", Array("[]".utf8)),
        ("no files", manifest(["files": nil])),
        ("no fileSchema", manifest(["fileSchema": nil])),
        ("no fileFormat", manifest(["fileFormat": nil])),
        ("no sourceBucket", manifest(["sourceBucket": nil])),
        ("no destinationBucket", manifest(["destinationBucket": nil])),
        ("files not an array", manifest(["files": [String: Any]()])),
        ("fileSchema not a string", manifest(["fileSchema": 7])),
        ("no Key column", manifest(["fileSchema": "Bucket, Size, ETag"])),
        ("no Size column", manifest(["fileSchema": "Bucket, Key"])),
        ("Key twice", manifest(["fileSchema": "Key, Size, Key"])),
        ("empty column name", manifest(["fileSchema": "Key,,Size"])),
        ("a bucket name, not an ARN", manifest(["destinationBucket": "example-inventory"])),
        ("an ARN of another service", manifest(["destinationBucket": "arn:aws:sqs:::queue"])),
        ("an ARN without a name", manifest(["destinationBucket": "arn:aws:s3:::"])),
        ("timestamp not a number", manifest(["creationTimestamp": "2018-01-03"])),
        ("timestamp a number", manifest(["creationTimestamp": 1_514_944_800_000])),
        ("file without a key", manifest(firstFile: ["key": nil])),
        ("file with an empty key", manifest(firstFile: ["key": ""])),
        ("file without a size", manifest(firstFile: ["size": nil])),
        ("file without MD5", manifest(firstFile: ["MD5checksum": nil])),
        ("file with a bad MD5", manifest(firstFile: ["MD5checksum": "f111"])),
        ("file with a negative size", manifest(firstFile: ["size": -1])),
        ("file with a string size", manifest(firstFile: ["size": "1"])),
    ]

    @Test(arguments: corruptManifests)
    func corrupt(name: String, bytes: [UInt8]) {
        #expect(Self.code(bytes) == .corrupt, "\(name)")
    }

    @Test func columnsReadPastUnknownNames() throws {
        let columns = try InventoryColumns(schema: " Bucket ,Key,  Size,EncryptionStatus,ETag ")
        #expect(columns == InventoryColumns(count: 5, key: 1, size: 2, eTag: 4))
    }
}

extension InventoryManifestTests {
    @Test func destinationInAnotherPartition() throws {
        let parsed = try InventoryManifest.parse(Self.manifest(["destinationBucket": "arn:aws-cn:s3:::inventory.cn"]))
        #expect(parsed.destinationBucket == "inventory.cn")
    }
}
