import Foundation
import Testing
import TestSupport

/// Exit 0 means on stable storage: the real executable, its system calls watched by strace.
@Suite("s3clone flushes its copies before it exits")
struct DurabilityTests {
    /// The sync calls (syncfs, fsync, fdatasync) a run of s3clone made, by name.
    static func syncCalls(_ arguments: [String], in sandbox: TemporaryDirectory) async throws -> (status: Int32, calls: [String: Int]) {
        let trace = sandbox.at("trace-\(UUID().uuidString.prefix(8))")
        let result = try await S3CloneBinary.run(arguments, in: sandbox.path, environment: ToolEnvironment.make(home: sandbox.path),
                                                 launcher: ["/usr/bin/strace", "-f", "-qq", "-o", trace, "-e", "trace=syncfs,fsync,fdatasync,sync"])
        let text = (try? String(contentsOfFile: trace, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: trace)
        var calls: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            // "1234  syncfs(3) = 0": the name before the parenthesis.
            // Signal lines ("--- SIGCHLD ...") are not calls.
            guard let name = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first?.split(separator: "(").first,
                  name.allSatisfy(\.isLetter) else { continue }
            calls[String(name), default: 0] += 1
        }
        return (result.status, calls)
    }

    @Test("a run that copied ends with exactly one syncfs and no per-file sync; a run with nothing to copy, or --no-sync, makes none")
    func oneSyncfsPerRun() async throws {
        let sandbox = TemporaryDirectory("durable")
        var random = SeededBytes(seed: 7)
        for index in 0..<40 { sandbox.write("src/d\(index % 4)/f\(index)", random.bytes(Int(random.next() % 9000))) }
        let first = try await Self.syncCalls(["./src", "./dst"], in: sandbox)
        #expect(first.status == 0)
        #expect(first.calls == ["syncfs": 1], "\(first.calls)")
        let second = try await Self.syncCalls(["./src", "./dst"], in: sandbox)
        #expect(second.status == 0)
        #expect(second.calls.isEmpty, "\(second.calls)")
        let unsynced = try await Self.syncCalls(["--no-sync", "./src", "./other"], in: sandbox)
        #expect(unsynced.status == 0)
        #expect(unsynced.calls.isEmpty, "\(unsynced.calls)")
        #expect(TreeSnapshot(sandbox.at("other")).contentsByPath == TreeSnapshot(sandbox.at("src")).contentsByPath)
    }
}
