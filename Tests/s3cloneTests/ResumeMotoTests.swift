import Foundation
import Testing
import TestSupport

extension S3CloneMotoTests {
    /// Writes `size` random bytes to `path`.
    static func writeRandomFile(_ path: String, size: Int) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let random = try #require(FileHandle(forReadingAtPath: "/dev/urandom"))
        defer { try? random.close() }
        try random.readData(ofLength: size).write(to: URL(fileURLWithPath: path))
    }

    /// Runs s3clone again and again, killing it (SIGKILL) each time the proxy has sent
    /// `killEvery` more body bytes, until a run ends by itself. Returns how many were killed and
    /// the run that ended.
    func runKilling(_ arguments: [String], in sandbox: TemporaryDirectory, proxy: FaultProxy, killEvery: Int,
                    maximumRuns: Int = 20) async throws -> (kills: Int, last: CommandResult, resumed: Int) {
        var kills = 0
        var resumed = 0
        for _ in 0..<maximumRuns {
            let killsBefore = try proxy.stats().kills
            let running = try S3CloneBinary.start(arguments, in: sandbox.path, environment: environment(sandbox))
            // The proxy kills it at the byte count (a watcher here would be late on a busy machine).
            try proxy.kill(running.process.processIdentifier, after: killEvery)
            let result = await running.finish()
            let killed = try proxy.stats().kills > killsBefore
            if result.standardError.contains("resuming a partial copy") { resumed += 1 }
            guard killed, result.status != 0 else { return (kills, result, resumed) }
            kills += 1
        }
        Issue.record("s3clone did not finish in \(maximumRuns) runs")
        return (kills, CommandResult(status: -1, standardOutput: "", standardError: ""), resumed)
    }

    @Test("kill -9 again and again: each rerun fetches only the missing parts, the tree ends byte-identical, all runs together fetch at most 1.3x the bytes; an object changed between runs starts over")
    func resumesAcrossKills() async throws {
        let sandbox = TemporaryDirectory("resume-kill")
        let sizes = ["one.bin": 210_000_000, "two.bin": 220_000_000]
        for (name, size) in sizes { try Self.writeRandomFile(sandbox.at("src/\(name)"), size: size) }
        let bucket = Self.bucket("resume")
        try await moto.seed(bucket: bucket, directory: sandbox.at("src"), checksum: "crc32")
        let proxy = try FaultProxy(upstreamPort: moto.port, faults: FaultProxy.Faults())
        // 4 ranges of 8 MiB in flight: a kill loses at most 32 MiB of parts in progress.
        let arguments = ["--endpoint-url", proxy.endpoint, "-j", "4", "--part-size", "8", "-v", "s3://\(bucket)", "out"]
        let (kills, last, resumed) = try await runKilling(arguments, in: sandbox, proxy: proxy, killEvery: 90 << 20)
        #expect(last.status == 0, "\(last.standardError.suffix(2000))")
        #expect(kills >= 3, "only \(kills) runs were killed")
        #expect(resumed >= kills - 1, "\(resumed) of \(kills) reruns resumed")
        let integrity = last.standardError.split(separator: "\n").filter { $0.hasPrefix("integrity:") }
        #expect(integrity.count == 1 && integrity[0].hasSuffix(" CRC32"), "the last run's copies were not all checked: \(integrity)")
        for name in sizes.keys {
            #expect(FileManager.default.contentsEqual(atPath: sandbox.at("out/\(name)"), andPath: sandbox.at("src/\(name)")), "\(name) differs")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.at("out")).sorted() == ["one.bin", "two.bin"])
        let total = sizes.values.reduce(0, +)
        let fetched = try proxy.stats().bodyBytes
        #expect(Double(fetched) <= 1.3 * Double(total), "fetched \(fetched) bytes for \(total) over \(kills + 1) runs")

        // Changed between runs: the partial copy of the old object is not resumed.
        let changing = Self.bucket("changing")
        try Self.writeRandomFile(sandbox.at("old/three.bin"), size: 200_000_000)
        try await moto.seed(bucket: changing, directory: sandbox.at("old"), checksum: "crc32")
        let into = ["--endpoint-url", proxy.endpoint, "-j", "4", "--part-size", "8", "-v", "s3://\(changing)", "changed"]
        let before = try proxy.stats().bodyBytes
        let running = try S3CloneBinary.start(into, in: sandbox.path, environment: environment(sandbox))
        while running.process.isRunning, try proxy.stats().bodyBytes - before < 80 << 20 { try await Task.sleep(for: .milliseconds(10)) }
        kill(running.process.processIdentifier, SIGKILL)
        _ = await running.finish()
        try Self.writeRandomFile(sandbox.at("new/three.bin"), size: 200_000_000)
        try await moto.seed(bucket: changing, directory: sandbox.at("new"), checksum: "crc32")
        let restart = try proxy.stats().bodyBytes
        let rerun = try await S3CloneBinary.run(into, in: sandbox.path, environment: environment(sandbox))
        #expect(rerun.status == 0, "\(rerun.standardError.suffix(2000))")
        #expect(!rerun.standardError.contains("resuming a partial copy"))
        #expect(try proxy.stats().bodyBytes - restart >= 200_000_000, "the changed object was not fetched whole")
        #expect(FileManager.default.contentsEqual(atPath: sandbox.at("changed/three.bin"), andPath: sandbox.at("new/three.bin")))
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.at("changed")) == ["three.bin"])
    }
}
