import Foundation
import Testing
import TestSupport

/// End-to-end: the executable lists a moto bucket from an S3 Inventory report (a local copy, or
/// the report in a bucket of its own) instead of ListObjectsV2.
@Suite("s3clone --inventory")
struct InventoryTests {
    let moto: MotoServer

    init() async throws {
        moto = try await MotoServer.shared
    }

    func environment(_ sandbox: TemporaryDirectory) -> [String: String] {
        ToolEnvironment.make(home: sandbox.path, accessKeyID: "AKIDTESTINVENTORY")
    }

    /// The bucket's objects: nested folders, an empty file, a space, `+`, `%` and unicode.
    static func objects() -> [(key: String, bytes: [UInt8])] {
        var random = SeededBytes(seed: 33)
        var objects: [(String, [UInt8])] = []
        for index in 0..<30 { objects.append(("logs/\(index % 3)/part-\(index).bin", random.bytes(Int(random.next() % 20_000)))) }
        objects += [("empty.txt", []), ("a b/c+d%e.txt", Array("odd names".utf8)), ("caf\u{e9}/\u{1F600}.txt", Array("unicode".utf8))]
        return objects
    }

    /// A report of `bucket` listing `objects` and one object deleted since (`gone/old.bin`), in
    /// two data files, under `inv/BUCKET/all/` as S3 lays it out: the manifest's path, and each
    /// file (path relative to the report's root, bytes).
    static func report(of bucket: String, _ objects: [(key: String, bytes: [UInt8])], destination: String,
                       manifestText: String? = nil) -> (manifest: String, files: [(String, [UInt8])]) {
        let rows = (objects.map { InventoryReport.objectRow(bucket: bucket, key: $0.key, bytes: $0.bytes) }
            + [InventoryReport.objectRow(bucket: bucket, key: "gone/old.bin", bytes: Array("deleted".utf8))])
        let sorted = zip(objects.map(\.key) + ["gone/old.bin"], rows).sorted { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }
        let half = sorted.count / 2
        let data = [sorted[..<half], sorted[half...]].enumerated().map { index, part in
            ("inv/\(bucket)/all/data/\(index).csv.gz", GzipFixture.compress(Array(part.map(\.1).joined().utf8)))
        }
        let manifest = manifestText.map { Array($0.utf8) }
            ?? InventoryReport.manifest(sourceBucket: bucket, destinationBucket: destination, files: data.map { ($0.0, $0.1) })
        return ("inv/\(bucket)/all/2024-03-01T00-00Z/manifest.json", data + [("inv/\(bucket)/all/2024-03-01T00-00Z/manifest.json", manifest)])
    }

    func listRequests(_ bucket: String) -> Int {
        moto.requestLines().filter { $0.hasPrefix("GET /\(bucket)?") || $0.hasPrefix("GET /\(bucket)/?") }.filter { $0.contains("list-type=2") }.count
    }

    @Test("a local copy of a report lists the bucket: the tree byte for byte, no ListObjectsV2, the deleted object reported as such")
    func localReport() async throws {
        let sandbox = TemporaryDirectory("inv-local")
        let bucket = "inv-\(UUID().uuidString.prefix(8).lowercased())"
        let objects = Self.objects()
        try await moto.seed(bucket: bucket, keys: objects.map { ($0.key, $0.bytes) })
        let (manifest, files) = Self.report(of: bucket, objects, destination: "reports")
        for (path, bytes) in files { sandbox.write("report/" + path, bytes) }
        for (key, bytes) in objects { sandbox.write("expected/" + key, bytes) }
        let result = try await S3CloneBinary.run(["--endpoint-url", moto.endpoint, "--inventory", sandbox.at("report/" + manifest), "s3://\(bucket)", "out"],
                                                 in: sandbox.path, environment: environment(sandbox))
        #expect(result.status == 0, "\(result.standardError)")
        #expect(TreeSnapshot(sandbox.at("out")).contentsByPath == TreeSnapshot(sandbox.at("expected")).contentsByPath)
        #expect(result.standardError.contains("gone/old.bin: deleted from the source since it was listed; not copied"), "\(result.standardError)")
        #expect(result.standardError.contains("mismatched 0, failed 0, deleted since listed 1"), "\(result.standardError)")
        #expect(listRequests(bucket) == 0, "the listing came from the report")
        #expect(moto.objectRequests("GET", bucket: bucket) == objects.count + 1)
    }

    @Test("a report in a bucket of its own, with a prefix and two shards: the shards together are the prefix, nothing twice")
    func reportInS3() async throws {
        let sandbox = TemporaryDirectory("inv-s3")
        let bucket = "inv-\(UUID().uuidString.prefix(8).lowercased())"
        let reports = "rep-\(UUID().uuidString.prefix(8).lowercased())"
        let objects = Self.objects()
        try await moto.seed(bucket: bucket, keys: objects.map { ($0.key, $0.bytes) })
        let (manifest, files) = Self.report(of: bucket, objects, destination: reports)
        try await moto.seed(bucket: reports, keys: files)
        for (key, bytes) in objects where key.hasPrefix("logs/") { sandbox.write("expected/" + key, bytes) }
        for shard in 0..<2 {
            let result = try await S3CloneBinary.run(
                ["--endpoint-url", moto.endpoint, "--inventory", "s3://\(reports)/\(manifest)", "--prefix", "logs", "--shard", "\(shard)/2",
                 "s3://\(bucket)", "out"], in: sandbox.path, environment: environment(sandbox))
            #expect(result.status == 0, "\(result.standardError)")
            #expect(result.standardError.contains("shard \(shard)/2: copied"), "\(result.standardError)")
        }
        #expect(TreeSnapshot(sandbox.at("out")).contentsByPath == TreeSnapshot(sandbox.at("expected")).contentsByPath)
        #expect(moto.objectRequests("GET", bucket: bucket) == 30, "each object of the prefix read once over both shards")
        #expect(listRequests(bucket) == 0)
    }

    @Test("a malformed manifest, a report of another bucket, an ORC report, a missing data file: one clear error, nothing written",
          arguments: ["malformed", "other bucket", "orc", "missing file", "no manifest"])
    func badReports(_ case: String) async throws {
        let sandbox = TemporaryDirectory("inv-bad")
        let bucket = "inv-\(UUID().uuidString.prefix(8).lowercased())"
        let objects = Array(Self.objects().prefix(3))
        try await moto.seed(bucket: bucket, keys: objects.map { ($0.key, $0.bytes) })
        var (manifest, files) = Self.report(of: bucket, objects, destination: "reports")
        switch `case` {
        case "malformed": files[files.count - 1].1 = Array("{\"sourceBucket\": \"\(bucket)\", \"files\": [".utf8)
        case "other bucket": files[files.count - 1].1 = InventoryReport.manifest(sourceBucket: "another", destinationBucket: "reports", files: [])
        case "orc": files[files.count - 1].1 = InventoryReport.manifest(sourceBucket: bucket, destinationBucket: "reports", files: [], format: "ORC")
        case "missing file": files.removeFirst()
        default: manifest = "inv/none/manifest.json"
        }
        for (path, bytes) in files { sandbox.write("report/" + path, bytes) }
        let result = try await S3CloneBinary.run(["--endpoint-url", moto.endpoint, "--inventory", sandbox.at("report/" + manifest), "s3://\(bucket)", "out"],
                                                 in: sandbox.path, environment: environment(sandbox))
        let expected: (status: Int32, text: String) = switch `case` {
        case "malformed": (1, "the inventory manifest")
        case "other bucket": (2, "the inventory is of bucket 'another'")
        case "orc": (2, "ORC")
        case "missing file": (2, "0.csv.gz")
        default: (2, "no inventory manifest at")
        }
        #expect(result.status == expected.status, "\(`case`): \(result.standardError)")
        let errors = result.standardError.split(separator: "\n").filter { $0.hasPrefix("s3clone: error: ") }
        #expect(errors.count == 1 && errors.first?.contains(expected.text) == true, "\(`case`): \(result.standardError)")
        let written = (try? FileManager.default.contentsOfDirectory(atPath: sandbox.at("out"))) ?? []
        #expect(written.isEmpty, "\(`case`): \(written)")
        #expect(moto.objectRequests("GET", bucket: bucket) == 0, "nothing was read from the bucket")
    }
}
