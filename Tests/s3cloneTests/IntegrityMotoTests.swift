import Foundation
import Testing
import TestSupport

extension S3CloneMotoTests {
    @Test("every copy is checked against the checksum S3 keeps, in each algorithm; a checksum damaged at rest fails every attempt, is never saved, exit 1",
          arguments: ["crc64nvme", "crc32", "crc32c", "sha1", "sha256"])
    func checksumsChecked(algorithm: String) async throws {
        let sandbox = TemporaryDirectory("s3sum")
        let keys: [(String, [UInt8])] = (0..<6).map { ("k\($0)", (0..<(100 + 37 * $0)).map { UInt8(($0 * 7) % 251) }) }
        let bucket = Self.bucket("sum")
        try await moto.seed(bucket: bucket, keys: keys, checksum: algorithm, wrongChecksums: ["k3"])
        let result = try await S3CloneBinary.run(["--endpoint-url", moto.endpoint, "--retries", "2", "-v", "s3://\(bucket)", "out"],
                                                 in: sandbox.path, environment: environment(sandbox))
        #expect(result.status == 1, "\(result.standardError)")
        let corrupt = result.standardError.split(separator: "\n").filter { $0.contains("[corrupt]") && !$0.contains("retrying") }
        #expect(corrupt.count == 1 && corrupt.first?.contains("k3") == true, "\(result.standardError)")
        #expect(result.standardError.contains("integrity: 5 \(algorithm.uppercased())"), "\(result.standardError)")
        #expect(moto.objectRequests("GET", bucket: bucket) >= 5 + 3, "k3 was fetched 3 times")
        var expected = Dictionary(uniqueKeysWithValues: keys.map { ($0.0, Optional($0.1)) })
        expected["k3"] = nil
        #expect(TreeSnapshot(sandbox.at("out")).contentsByPath == expected)
    }

    @Test("without a stored checksum the MD5 ETag is checked; --ignore-checksum checks nothing and keeps a damaged object")
    func etagFallbackAndIgnore() async throws {
        let sandbox = TemporaryDirectory("s3etag")
        let keys: [(String, [UInt8])] = (0..<4).map { ("e\($0)", Array("object \($0)".utf8)) }
        let bucket = Self.bucket("etag")
        try await moto.seed(bucket: bucket, keys: keys, checksum: "none")
        let checked = try await S3CloneBinary.run(["--endpoint-url", moto.endpoint, "s3://\(bucket)", "a"], in: sandbox.path, environment: environment(sandbox))
        #expect(checked.status == 0, "\(checked.standardError)")
        #expect(checked.standardError.contains("integrity: 4 MD5 ETag"), "\(checked.standardError)")

        let damaged = Self.bucket("damaged")
        try await moto.seed(bucket: damaged, keys: keys, wrongChecksums: ["e1"])
        let ignoring = try await S3CloneBinary.run(["--endpoint-url", moto.endpoint, "--ignore-checksum", "s3://\(damaged)", "b"],
                                                   in: sandbox.path, environment: environment(sandbox))
        #expect(ignoring.status == 0, "\(ignoring.standardError)")
        #expect(!ignoring.standardError.contains("integrity:"))
        #expect(TreeSnapshot(sandbox.at("b")).contentsByPath.count == 4)
    }
}
