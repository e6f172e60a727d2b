import Foundation
import Testing
import TestSupport

extension S3CloneMotoTests {
    @Test("objects uploaded in parts with a composite checksum are read in their parts and checked part by part, in each algorithm",
          arguments: ["crc32", "crc32c", "sha1", "sha256"])  // S3 keeps CRC64NVME of the full object only
    func compositeChecksumsChecked(algorithm: String) async throws {
        let sandbox = TemporaryDirectory("s3composite")
        let partSize = Self.uploadPartSize
        let bucket = try await seedUploadedInParts("composite", key: "m/three", size: 2 * partSize + 12_345, checksum: algorithm)
        let result = try await cloneVerbosely(through: moto.endpoint, bucket, sandbox)
        #expect(result.standardError.contains("integrity: 1 composite \(algorithm.uppercased())"), "\(result.standardError)")
        #expect(moto.objectRequests("GET", bucket: bucket) == 1, "read whole (under --part-size), hashed part by part")
        let copied = TreeSnapshot(sandbox.at("out")).contentsByPath
        #expect(copied.keys.sorted() == ["m/", "m/three"])
        let whole = copied["m/three"] == Self.seededBytes(2 * partSize + 12_345)
        #expect(whole)
    }

    @Test("a part damaged on the way fails the composite check, never reaches its final name, and is fetched again")
    func compositeCatchesDamage() async throws {
        let sandbox = TemporaryDirectory("s3compdamage")
        let partSize = Self.uploadPartSize
        let size = 2 * partSize + 99
        let bucket = try await seedUploadedInParts("compdamage", key: "big", size: size, checksum: "crc32c")
        let proxy = try FaultProxy(upstreamPort: moto.port, faults: FaultProxy.Faults(flipFirst: 1))
        // Over --part-size, so read in its upload's parts side by side.
        let result = try await cloneVerbosely(through: proxy.endpoint, bucket, sandbox, ["--part-size", "5"])
        let stats = try proxy.stats()
        #expect(stats.faults["flip"] == 1)
        #expect(stats.responses.count == 6, "3 parts, then all 3 again: \(stats.responses.map(\.outcome))")
        // The second reading comes on connections that carried none of the first.
        let first = Set(stats.responses.prefix(3).map(\.port)), again = Set(stats.responses.dropFirst(3).map(\.port))
        #expect(first.isDisjoint(with: again), "first \(first), again \(again)")
        #expect(result.standardError.contains("composite CRC32C of the received bytes (in 3 parts of \(partSize) bytes)"),
                "\(result.standardError)")
        #expect(result.standardError.contains("integrity: 1 composite CRC32C"), "\(result.standardError)")
        let whole = TreeSnapshot(sandbox.at("out")).contentsByPath["big"] == Self.seededBytes(size)
        #expect(whole)
    }

    @Test("an object uploaded in parts without checksums is checked against its multipart ETag by default; --verify checksum compares composite checksums")
    func multipartETagByDefault() async throws {
        let sandbox = TemporaryDirectory("s3mpetag")
        let bucket = Self.bucket("mpetag")
        let partSize = 5 << 20
        try await moto.seed(bucket: bucket, multipart: [("plain", 2 * partSize + 3, partSize)], checksum: "none")
        let plain = try await S3CloneBinary.run(["--endpoint-url", moto.endpoint, "-v", "s3://\(bucket)", "out"],
                                                in: sandbox.path, environment: environment(sandbox))
        #expect(plain.status == 0, "\(plain.standardError)")
        #expect(plain.standardError.contains("integrity: 1 multipart ETag"), "\(plain.standardError)")
        #expect(moto.objectRequests("GET", bucket: bucket) == 1)
        let ranged = try await S3CloneBinary.run(["--endpoint-url", moto.endpoint, "-v", "--part-size", "5", "s3://\(bucket)", "ranged"],
                                                 in: sandbox.path, environment: environment(sandbox))
        #expect(ranged.status == 0, "\(ranged.standardError)")
        #expect(ranged.standardError.contains("integrity: 1 multipart ETag"), "\(ranged.standardError)")
        #expect(moto.objectRequests("GET", bucket: bucket) == 1 + 3, "then its 3 parts side by side")
        let bothWhole = TreeSnapshot(sandbox.at("ranged")).contentsByPath["plain"] == Self.seededBytes(2 * partSize + 3)
            && TreeSnapshot(sandbox.at("out")).contentsByPath["plain"] == Self.seededBytes(2 * partSize + 3)
        #expect(bothWhole)

        let composite = Self.bucket("mpverify")
        try await moto.seed(bucket: composite, multipart: [("c", 2 * partSize + 3, partSize)], checksum: "none", multipartChecksum: "crc32c")
        let first = try await S3CloneBinary.run(["--endpoint-url", moto.endpoint, "s3://\(composite)", "c"], in: sandbox.path,
                                                environment: environment(sandbox))
        #expect(first.status == 0, "\(first.standardError)")
        let path = sandbox.at("c/c")
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-3600)], ofItemAtPath: path)
        let verify = ["--endpoint-url", moto.endpoint, "--verify", "checksum", "s3://\(composite)", "c"]
        let same = try await S3CloneBinary.run(verify, in: sandbox.path, environment: environment(sandbox))
        #expect(same.status == 0, "\(same.standardError)")
        #expect(!same.standardError.contains("unverified"), "\(same.standardError)")
        #expect(ExtendedAttribute.read("user.s3clone.crc32c.\(partSize)", of: path) != nil)

        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seek(toOffset: UInt64(partSize + 10))
        try handle.write(contentsOf: [0x00])
        try handle.close()
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-3600)], ofItemAtPath: path)
        let changed = try await S3CloneBinary.run(verify, in: sandbox.path, environment: environment(sandbox))
        #expect(changed.status == 3, "\(changed.standardError)")
        #expect(changed.standardOutput.hasPrefix("c/c: CRC32C mismatch (local "), "\(changed.standardOutput)")
    }

    /// `s3clone -v s3://bucket out` through `endpoint`, expected to exit 0.
    private func cloneVerbosely(through endpoint: String, _ bucket: String, _ sandbox: TemporaryDirectory,
                                _ options: [String] = []) async throws -> CommandResult {
        let result = try await S3CloneBinary.run(["--endpoint-url", endpoint, "-v"] + options + ["s3://\(bucket)", "out"],
                                                 in: sandbox.path, environment: environment(sandbox))
        #expect(result.status == 0, "\(result.standardError)")
        return result
    }

    /// The part size of the tests' multipart uploads: S3's smallest.
    static let uploadPartSize = 5 << 20

    /// A new bucket holding `key`, `size` bytes uploaded in parts of ``uploadPartSize`` with a
    /// composite `checksum`.
    private func seedUploadedInParts(_ label: String, key: String, size: Int, checksum: String) async throws -> String {
        let bucket = Self.bucket(label)
        try await moto.seed(bucket: bucket, multipart: [(key, size, Self.uploadPartSize)], checksum: "none", multipartChecksum: checksum)
        return bucket
    }

    /// The bytes the seeder writes into a multipart object of `size` bytes.
    static func seededBytes(_ size: Int) -> [UInt8] { (0..<size).map { UInt8($0 % 251) } }
}
