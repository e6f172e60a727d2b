import Clone
import Foundation
import Logging
import Reporting
import S3Backend
import Testing
import TestSupport
import Transfer

/// The clone entry point, called as the CLI calls it but without the binary.
@Suite("CloneRun: one clone from arguments to exit status")
struct CloneRunTests {
    static let hints = FlagHints(replaceDiffering: " (use --replace)", unsignedAccess: " (go unsigned)", privateCA: " (bring your CA)")

    static func clone(_ request: CloneRequest) async -> (status: Int32, lines: RecordingOutput.Lines) {
        let output = RecordingOutput()
        var logger = Logger(label: "clone-test")
        logger.logLevel = .critical
        let status = await CloneRun(request: request, environment: [:], output: output, hints: hints, logger: logger).run()
        return (status, output.recorded)
    }

    static func makeSource(_ sandbox: TemporaryDirectory) {
        var random = SeededBytes(seed: 7)
        for index in 0..<12 {
            sandbox.write("src/d\(index % 3)/f\(index).bin", random.bytes(Int(random.next() % 5000)))
        }
        sandbox.write("src/empty", [])
        sandbox.write("src/caf\u{e9} \u{1F600}.txt", "unicode")
    }

    @Test("a directory tree is mirrored byte for byte; the summary is noted and the status is 0")
    func mirrors() async {
        let sandbox = TemporaryDirectory("clone-mirror")
        Self.makeSource(sandbox)
        let result = await Self.clone(CloneRequest(source: sandbox.at("src"), destination: sandbox.at("dst"), workers: 4))
        #expect(result.status == ExitStatus.success, "\(result.lines)")
        #expect(TreeSnapshot(sandbox.at("dst")).contentsByPath == TreeSnapshot(sandbox.at("src")).contentsByPath)
        #expect(result.lines.notes.first?.hasPrefix("copied 14 objects") == true)
        #expect(result.lines.notes.dropFirst().first == "skipped 0 (0 B already there), mismatched 0, failed 0")
        #expect(result.lines.output.isEmpty && result.lines.errors.isEmpty)
    }

    @Test("a prefix selects one folder, and keys keep it")
    func prefix() async {
        let sandbox = TemporaryDirectory("clone-prefix")
        Self.makeSource(sandbox)
        let result = await Self.clone(CloneRequest(source: sandbox.at("src"), destination: sandbox.at("dst"), prefix: "d1"))
        #expect(result.status == ExitStatus.success)
        let copied = TreeSnapshot(sandbox.at("dst")).contentsByPath
        #expect(copied.keys.sorted() == ["d1/", "d1/f1.bin", "d1/f10.bin", "d1/f4.bin", "d1/f7.bin"])
        #expect(copied["d1/f4.bin"] == TreeSnapshot(sandbox.at("src")).contentsByPath["d1/f4.bin"])
    }

    @Test("three shards into three folders: together the source byte for byte, no file twice; each summary names its share")
    func shards() async throws {
        let sandbox = TemporaryDirectory("clone-shards")
        Self.makeSource(sandbox)
        var union: [String: [UInt8]?] = [:]
        for index in 0..<3 {
            let shard = try Shard(index: index, count: 3)
            let result = await Self.clone(CloneRequest(source: sandbox.at("src"), destination: sandbox.at("part\(index)"), shard: shard))
            #expect(result.status == ExitStatus.success)
            let files = TreeSnapshot(sandbox.at("part\(index)")).contentsByPath.filter { $0.value != nil }
            #expect(result.lines.notes.first?.hasPrefix("shard \(index)/3: copied \(files.count) object") == true, "\(result.lines.notes)")
            for (path, contents) in files {
                #expect(union[path] == nil, "\(path) copied by two shards")
                union[path] = contents
            }
        }
        #expect(union == TreeSnapshot(sandbox.at("src")).contentsByPath.filter { $0.value != nil })
    }

    @Test("a dry run prints one line per object and the plan's summary, writes nothing, and predicts the status")
    func dryRun() async {
        let sandbox = TemporaryDirectory("clone-dry")
        sandbox.write("src/a", "aaa")
        sandbox.write("src/bb", "bb")
        sandbox.write("dst/bb", "b")
        let before = TreeSnapshot(sandbox.at("dst"))
        let result = await Self.clone(CloneRequest(source: sandbox.at("src"), destination: sandbox.at("dst"), dryRun: true))
        #expect(result.status == ExitStatus.mismatches)
        #expect(result.lines.output == [
            "mismatch  \(sandbox.at("dst/bb"))  (size mismatch (local 1 bytes, source 2 bytes), 2 B)",
            "copy      \(sandbox.at("dst/a"))  (missing, 3 B)",
        ])
        #expect(result.lines.notes == ["dry run: would copy 1 object (3 B), skip 0, report 1 mismatch; 0 failed; nothing was written"])
        #expect(TreeSnapshot(sandbox.at("dst")) == before)
    }

    @Test("a file of another size is reported on the result output and left untouched: status 3, the caller's advice")
    func mismatch() async {
        let sandbox = TemporaryDirectory("clone-mismatch")
        sandbox.write("src/x", "xyz")
        sandbox.write("src/y", "y")
        sandbox.write("dst/x", "x")
        let result = await Self.clone(CloneRequest(source: sandbox.at("src"), destination: sandbox.at("dst")))
        #expect(result.status == ExitStatus.mismatches)
        #expect(result.lines.output == ["\(sandbox.at("dst/x")): size mismatch (local 1 bytes, source 3 bytes)"])
        #expect(result.lines.notes.last == "1 existing object differs from the source and was left untouched (use --replace)")
        #expect(TreeSnapshot(sandbox.at("dst")).contentsByPath == ["x": Array("x".utf8), "y": Array("y".utf8)])

        let replaced = await Self.clone(CloneRequest(source: sandbox.at("src"), destination: sandbox.at("dst"),
                                                     policy: ComparisonPolicy(overwrite: true)))
        #expect(replaced.status == ExitStatus.success)
        #expect(TreeSnapshot(sandbox.at("dst")).contentsByPath["x"] == Array("xyz".utf8))
    }

    @Test("a cancelled run (the CLI cancels on SIGINT) ends with status 130 and leaves no file behind")
    func cancelled() async {
        let sandbox = TemporaryDirectory("clone-cancel")
        Self.makeSource(sandbox)
        let output = RecordingOutput()
        var logger = Logger(label: "clone-test")
        logger.logLevel = .critical
        let clone = CloneRun(request: CloneRequest(source: sandbox.at("src"), destination: sandbox.at("dst")),
                             environment: [:], output: output, hints: Self.hints, logger: logger)
        let status = await Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await clone.run()
        }.value
        #expect(status == ExitStatus.interrupted)
        #expect(TreeSnapshot(sandbox.at("dst")).entries.values.allSatisfy { $0.kind == .directory }, "nothing copied, nothing partial")
        #expect(output.recorded.errors.isEmpty)
    }

    @Test("a missing source: one error line naming it, status 2, no destination created")
    func missingSource() async {
        let sandbox = TemporaryDirectory("clone-missing")
        let result = await Self.clone(CloneRequest(source: sandbox.at("nowhere"), destination: sandbox.at("dst")))
        #expect(result.status == ExitStatus.usage)
        #expect(result.lines.errors.count == 1)
        #expect(result.lines.errors.first?.hasPrefix("cannot list \(sandbox.at("nowhere")): ") == true, "\(result.lines.errors)")
        #expect(result.lines.output.isEmpty && result.lines.notes.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: sandbox.at("dst")))
    }

    @Test("a destination inside the source is refused before anything is listed or written")
    func destinationInsideSource() async {
        let sandbox = TemporaryDirectory("clone-inside")
        sandbox.write("src/a", "a")
        let before = TreeSnapshot(sandbox.at("src"))
        let result = await Self.clone(CloneRequest(source: sandbox.at("src"), destination: sandbox.at("src/copy")))
        #expect(result.status == ExitStatus.usage)
        #expect(result.lines.errors.count == 1)
        #expect(result.lines.errors.first?.hasSuffix("is the source '\(sandbox.at("src"))' or inside it") == true, "\(result.lines.errors)")
        #expect(TreeSnapshot(sandbox.at("src")) == before)
    }

    @Test("an S3 source without credentials: the error carries the caller's hint, status 2")
    func noCredentials() async {
        let sandbox = TemporaryDirectory("clone-nocreds")
        var request = CloneRequest(source: "s3://some-bucket", destination: sandbox.at("dst"))
        request.s3.endpointURL = "http://127.0.0.1:9"
        request.s3.region = "us-east-1"
        let output = RecordingOutput()
        var logger = Logger(label: "clone-test")
        logger.logLevel = .critical
        let status = await CloneRun(request: request, environment: ["HOME": sandbox.path, "AWS_EC2_METADATA_DISABLED": "true"],
                                    output: output, hints: Self.hints, logger: logger).run()
        #expect(status == ExitStatus.usage)
        let errors = output.recorded.errors
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("no AWS credentials found; looked in: ") == true, "\(errors)")
        #expect(errors.first?.hasSuffix(" (go unsigned)") == true, "the hint replaces the marker cause: \(errors)")
    }
}
