import Foundation
import Testing
import TestSupport

extension S3CloneMotoTests {
    @Test("--verify checksum: same-size files compared with S3's stored CRC64NVME, hashed once (the cache is used), mismatches reported, --overwrite repairs")
    func verifyChecksum() async throws {
        let sandbox = TemporaryDirectory("s3verify")
        let keys: [(String, [UInt8])] = (0..<5).map { ("d/k\($0)", (0..<(300 + 41 * $0)).map { UInt8(($0 * 13) % 251) }) }
        let bucket = Self.bucket("verify")
        try await moto.seed(bucket: bucket, keys: keys, multipart: [("big.bin", 6_000_000, 5 << 20)], checksum: "crc64nvme")
        let environment = environment(sandbox)
        let first = try await S3CloneBinary.run(["--endpoint-url", moto.endpoint, "s3://\(bucket)", "out"], in: sandbox.path, environment: environment)
        #expect(first.status == 0, "\(first.standardError)")
        let original = TreeSnapshot(sandbox.at("out")).contentsByPath

        // One byte changed in d/k2, size kept; every file's time an hour back, as after any copy
        // that kept the object's time: the content alone must decide.
        let damagedPath = sandbox.at("out/d/k2")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: damagedPath))
        try handle.seek(toOffset: 100)
        try handle.write(contentsOf: [0xEE])
        try handle.close()
        for path in original.keys {
            try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-3600)], ofItemAtPath: sandbox.at("out/" + path))
        }

        let verify = ["--endpoint-url", moto.endpoint, "--verify", "checksum", "s3://\(bucket)", "out"]
        let checked = try await S3CloneBinary.run(verify, in: sandbox.path, environment: environment)
        #expect(checked.status == 3, "\(checked.standardError)")
        let reported = checked.standardOutput.split(separator: "\n")
        #expect(reported.count == 1, "\(checked.standardOutput)")
        #expect(reported.first?.hasPrefix("out/d/k2: CRC64NVME mismatch (local ") == true, "\(checked.standardOutput)")
        #expect(checked.standardError.contains("skipped 5"), "\(checked.standardError)")
        #expect(checked.standardError.contains("mismatched 1"), "\(checked.standardError)")
        #expect(checked.standardError.contains("unverified 1"), "the multipart object has no full-object checksum: \(checked.standardError)")
        #expect(TreeSnapshot(sandbox.at("out")).contentsByPath.filter { $0.key != "d/k2" } == original.filter { $0.key != "d/k2" })

        // What was computed is kept beside each file, keyed by its size and time.
        let cachedEntry = try #require(ExtendedAttribute.read("user.s3clone.crc64nvme", of: sandbox.at("out/d/k0")))
        #expect(cachedEntry.hasPrefix("v1 300 "), "\(cachedEntry)")
        #expect(ExtendedAttribute.read("user.s3clone.crc64nvme", of: sandbox.at("out/big.bin")) == nil)

        // The next run reads the cache instead of the file: a forged value with the right stamp is believed.
        let forged = cachedEntry.split(separator: " ").dropLast().joined(separator: " ") + " 0000000000000000"
        try ExtendedAttribute.write("user.s3clone.crc64nvme", forged, of: sandbox.at("out/d/k0"))
        let cached = try await S3CloneBinary.run(verify, in: sandbox.path, environment: environment)
        #expect(cached.status == 3)
        let names = cached.standardOutput.split(separator: "\n").map { $0.prefix { $0 != ":" } }.sorted()
        #expect(names == ["out/d/k0", "out/d/k2"], "\(cached.standardOutput)")

        let repaired = try await S3CloneBinary.run(["--overwrite"] + verify, in: sandbox.path, environment: environment)
        #expect(repaired.status == 0, "\(repaired.standardError)")
        #expect(repaired.standardError.contains("copied 2 objects"), "\(repaired.standardError)")
        #expect(TreeSnapshot(sandbox.at("out")).contentsByPath == original)
        let clean = try await S3CloneBinary.run(verify, in: sandbox.path, environment: environment)
        #expect(clean.status == 0, "\(clean.standardError)")
        #expect(clean.standardOutput.isEmpty)
    }
}
