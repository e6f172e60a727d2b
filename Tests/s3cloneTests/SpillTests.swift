import Foundation
import Synchronization
import Testing
import TestSupport

/// The copy queue past its budget, end to end: a run with `--memory-budget 1` (a 512 KiB queue)
/// over 12,000 files spills to scratch files that have no name, so a `kill -9` while they are
/// open leaves nothing of them behind.
@Suite("s3clone with a queue larger than its memory budget", .serialized)
struct SpillTests {
    static func makeSource(_ sandbox: TemporaryDirectory) {
        var random = SeededBytes(seed: 12)
        sandbox.writeSeededFiles(under: "src", count: 12_000, folders: 30, sizes: 16..<216, random: &random)
    }

    /// The open files of process `pid` that are scratch files: unlinked (`(deleted)`) files of
    /// s3clone's temporary shape in `directory`.
    static func openScratchFiles(of pid: Int32, in directory: String) -> [String] {
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
        return descriptors.compactMap { descriptor in
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(descriptor)"),
                  target.hasPrefix(directory + "/.s3clone-"), target.hasSuffix(" (deleted)") else { return nil }
            return target
        }
    }

    @Test("a dry run spills to TMPDIR; killed while its queue is on disk it leaves nothing there; a full dry run and a copy then complete")
    func killedWhileSpilled() async throws {
        let sandbox = TemporaryDirectory("spill-kill")
        Self.makeSource(sandbox)
        let scratch = sandbox.at("tmp")
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        var environment = ProcessInfo.processInfo.environment
        environment["TMPDIR"] = scratch
        // A dry run lists everything before it decides, so 12,000 objects always pass a 512 KiB queue.
        let running = try S3CloneBinary.start(["--dry-run", "--memory-budget", "1", "./src", "dst"], in: sandbox.path, environment: environment)
        let pid = running.process.processIdentifier
        let outputPath = running.outputPath
        // Its runs stay open from the first spill until the last object is printed: once output
        // starts, stop the process, look at its open files, and kill it.
        // On a thread of its own: the test's cooperative threads may be busy with other tests.
        let seen = Mutex<[String]>([])
        let watcher = Thread {
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline, kill(pid, 0) == 0 {
                let printed = (try? FileManager.default.attributesOfItem(atPath: outputPath)[.size] as? Int) ?? 0
                if printed > 0 {
                    kill(pid, SIGSTOP)
                    let open = Self.openScratchFiles(of: pid, in: scratch)
                    seen.withLock { $0 = open }
                    kill(pid, SIGKILL)
                    return
                }
                usleep(200)
            }
        }
        watcher.start()
        while !watcher.isFinished { try? await Task.sleep(for: .milliseconds(2)) }
        let killed = await running.finish()
        #expect(!seen.withLock { $0 }.isEmpty, "no scratch file was seen open (status \(killed.status)): \(killed.standardError)")
        #expect(killed.status == SIGKILL)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: sandbox.at("dst")), "a dry run writes nothing to the destination")

        let dryRun = try await S3CloneBinary.run(["--dry-run", "-v", "--memory-budget", "1", "./src", "dst"], in: sandbox.path, environment: environment)
        #expect(dryRun.status == 0, "\(dryRun.standardError)")
        #expect(dryRun.standardError.contains("the copy queue spilled"))
        let sizes = dryRun.standardOutput.split(separator: "\n").compactMap { line in
            line.hasPrefix("copy") ? line.split(separator: "(").last.flatMap { Int($0.split(separator: " ")[1]) } : nil
        }
        #expect(sizes.count == 12_000)
        #expect(sizes == sizes.sorted(), "smallest first across the spilled runs")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch).isEmpty)

        let copy = try await S3CloneBinary.run(["--memory-budget", "1", "./src", "dst"], in: sandbox.path)
        #expect(copy.status == 0, "\(copy.standardError)")
        let final = TreeSnapshot(sandbox.at("dst"))
        #expect(final.temporaryFiles.isEmpty)
        #expect(final.contentsByPath == TreeSnapshot(sandbox.at("src")).contentsByPath)
    }
}
