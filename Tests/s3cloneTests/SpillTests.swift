import Foundation
import Testing
import TestSupport

/// The copy queue past its budget, end to end: a run with `--memory-budget 1` (a 512 KiB queue)
/// over 12,000 files spills to scratch files in the destination that have no name, so a
/// `kill -9` while they are open leaves nothing of them behind.
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

    @Test("killed while its queue is on disk, the run leaves no scratch file; the next run spills again and completes")
    func killedWhileSpilled() async throws {
        let sandbox = TemporaryDirectory("spill-kill")
        Self.makeSource(sandbox)
        let destination = URL(fileURLWithPath: sandbox.at("dst")).standardizedFileURL.path
        let running = try S3CloneBinary.start(["--memory-budget", "1", "-j", "1", "./src", "dst"], in: sandbox.path)
        let pid = running.process.processIdentifier
        let seen = await Task.detached { () -> [String] in
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline, kill(pid, 0) == 0 {
                let open = Self.openScratchFiles(of: pid, in: destination)
                if !open.isEmpty {
                    kill(pid, SIGKILL)
                    return open
                }
                usleep(500)
            }
            return []
        }.value
        let killed = await running.finish()
        #expect(!seen.isEmpty, "no scratch file was seen open (status \(killed.status)): \(killed.standardError)")
        #expect(killed.status == 9 || killed.status == SIGKILL)
        // Copies leave their temporary files in the folders of their keys; the root would hold
        // a scratch file if one had a name.
        let rootNames = try FileManager.default.contentsOfDirectory(atPath: sandbox.at("dst"))
        #expect(rootNames.allSatisfy { $0.hasPrefix("d") && !$0.contains(".") }, "\(rootNames)")

        let rerun = try await S3CloneBinary.run(["--memory-budget", "1", "-v", "./src", "dst"], in: sandbox.path)
        #expect(rerun.status == 0, "\(rerun.standardError)")
        #expect(rerun.standardError.contains("the copy queue spilled"))
        let final = TreeSnapshot(sandbox.at("dst"))
        #expect(final.temporaryFiles.isEmpty)
        #expect(final.contentsByPath == TreeSnapshot(sandbox.at("src")).contentsByPath)
    }
}
