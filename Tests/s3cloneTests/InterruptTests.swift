import Foundation
import Testing
import TestSupport

@Suite("s3clone when interrupted or killed", .serialized)
struct InterruptTests {
    static func makeSource(_ sandbox: TemporaryDirectory) {
        var random = SeededBytes(seed: 7)
        sandbox.writeSeededFiles(under: "src", count: 3000, folders: 10, sizes: 1024..<5120, random: &random)
        for index in 0..<3 {
            sandbox.write("src/large/\(index).bin", random.bytes(24 << 20))
        }
    }

    /// Sends `signal` to the command as soon as the destination holds a copied file. The watch
    /// runs on a thread of its own: the test's cooperative threads may be busy with other tests,
    /// and the copy takes only a second or two.
    static func signal(_ signal: Int32, whenFirstFileIn directory: String, of running: RunningCommand) async {
        let pid = running.process.processIdentifier
        let watcher = Thread {
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline, kill(pid, 0) == 0 {
                if let names = try? FileManager.default.subpathsOfDirectory(atPath: directory),
                   names.contains(where: { $0.hasPrefix("d") && $0.contains("/f") }) {
                    kill(pid, signal)
                    return
                }
                usleep(300)
            }
        }
        watcher.start()
        while watcher.isExecuting || !watcher.isFinished { try? await Task.sleep(for: .milliseconds(2)) }
    }

    @Test("Ctrl-C exits 130, keeps only whole files, and a rerun completes the copy")
    func interrupt() async throws {
        let sandbox = TemporaryDirectory("sigint")
        Self.makeSource(sandbox)
        let running = try S3CloneBinary.start(["-j", "1", "./src", "dst"], in: sandbox.path)
        await Self.signal(SIGINT, whenFirstFileIn: sandbox.at("dst"), of: running)
        let result = await running.finish()
        #expect(result.status == 130, "\(result.standardError)")
        #expect(result.standardError.contains("interrupted"))
        let source = TreeSnapshot(sandbox.at("src")).contentsByPath
        let partial = TreeSnapshot(sandbox.at("dst"))
        #expect(partial.temporaryFiles.isEmpty)
        #expect(partial.entries.count < source.count)
        for (path, contents) in partial.contentsByPath where contents != nil {
            #expect(contents == source[path], "\(path) differs from the source")
        }
        let rerun = try await S3CloneBinary.run(["./src", "dst"], in: sandbox.path)
        #expect(rerun.status == 0)
        #expect(TreeSnapshot(sandbox.at("dst")).contentsByPath == source)
    }

    @Test("after a kill -9, final names hold only whole files and the next run cleans up and completes")
    func killed() async throws {
        let sandbox = TemporaryDirectory("sigkill")
        Self.makeSource(sandbox)
        let running = try S3CloneBinary.start(["-j", "4", "./src", "dst"], in: sandbox.path)
        await Self.signal(SIGKILL, whenFirstFileIn: sandbox.at("dst"), of: running)
        _ = await running.finish()
        let source = TreeSnapshot(sandbox.at("src")).contentsByPath
        let partial = TreeSnapshot(sandbox.at("dst"))
        for (path, contents) in partial.contentsByPath where contents != nil && !partial.temporaryFiles.contains(path) {
            #expect(contents == source[path], "\(path) is not whole")
        }
        let rerun = try await S3CloneBinary.run(["./src", "dst"], in: sandbox.path)
        #expect(rerun.status == 0, "\(rerun.standardError)")
        let final = TreeSnapshot(sandbox.at("dst"))
        #expect(final.temporaryFiles.isEmpty)
        #expect(final.contentsByPath == source)
    }
}
