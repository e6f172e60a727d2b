import Foundation
import Testing
import TestSupport

extension S3CloneMotoTests {
    /// 150 small objects and two of 3 MiB (read as 1 MiB ranges), each with a stored CRC32C.
    static func faultBucketKeys() -> [(String, [UInt8])] {
        var random = SeededBytes(seed: 12)
        var keys: [(String, [UInt8])] = (0..<150).map { ("f/\($0)", random.bytes(200 + Int(random.next() % 20_000))) }
        keys += (0..<2).map { ("big\($0)", random.bytes(3 << 20 + 12_345)) }
        return keys
    }

    @Test("a default run through a proxy that flips, truncates, resets and stalls bodies keeps no damaged file and exits 0: every flipped body is fetched again; with --ignore-checksum the damage is kept")
    func damagedBodiesRefetched() async throws {
        let sandbox = TemporaryDirectory("s3fault")
        let keys = Self.faultBucketKeys()
        let bucket = Self.bucket("fault")
        try await moto.seed(bucket: bucket, keys: keys, checksum: "crc32c")
        let expected = Dictionary(uniqueKeysWithValues: keys.map { ($0.0, Optional($0.1)) })
        let faults = FaultProxy.Faults(flip: 0.10, truncate: 0.03, reset: 0.03, stall: 0.02, stallSeconds: 5)
        // 16 connections: moto answers about 350 GETs a second, and a hundred requests queued at it
        // would wait longer than the short stall timeout.
        let arguments = ["-j", "16", "--retries", "8", "--stall-timeout", "3", "--part-size", "1", "s3://\(bucket)"]

        let proxy = try FaultProxy(upstreamPort: moto.port, faults: faults)
        let result = try await S3CloneBinary.run(["--endpoint-url", proxy.endpoint] + arguments + ["out"],
                                                 in: sandbox.path, environment: environment(sandbox))
        #expect(result.status == 0, "\(result.standardError.suffix(3000))")
        let copied = TreeSnapshot(sandbox.at("out")).contentsByPath
        let wrong = Set(expected.keys).union(copied.keys).filter { !$0.hasSuffix("/") &&  copied[$0] != expected[$0] }.sorted()
        #expect(wrong.isEmpty, "differ from the bucket: \(wrong)")
        #expect(result.standardError.contains("integrity: 152 CRC32C"), "\(result.standardError.suffix(3000))")
        let stats = try proxy.stats()
        for fault in ["flip", "truncate", "reset", "stall"] {
            #expect((stats.faults[fault] ?? 0) > 0, "no \(fault) struck: \(stats.faults)")
        }
        for (index, response) in stats.responses.enumerated() where response.outcome == "flip" {
            let refetched = stats.responses[(index + 1)...].contains { $0.key == response.key && $0.outcome == "ok" }
            #expect(refetched, "the damaged body of \(response.key) was never fetched again: \(stats.responses.filter { $0.key == response.key })")
        }
        #expect(TreeSnapshot(sandbox.path).contentsByPath.keys.allSatisfy { !$0.contains(".s3clone") },
                "a temporary file was left behind")

        let raw = try FaultProxy(upstreamPort: moto.port, faults: faults)
        let ignoring = try await S3CloneBinary.run(["--endpoint-url", raw.endpoint, "--ignore-checksum"] + arguments + ["raw"],
                                                   in: sandbox.path, environment: environment(sandbox))
        #expect(ignoring.status == 0, "\(ignoring.standardError.suffix(3000))")
        let kept = TreeSnapshot(sandbox.at("raw")).contentsByPath
        let damaged = expected.keys.filter { kept[$0] != expected[$0] }
        #expect(!damaged.isEmpty, "the proxy damaged nothing that --ignore-checksum would keep")
    }
}
