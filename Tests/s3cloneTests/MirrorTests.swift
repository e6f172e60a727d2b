import Foundation
import Testing
import TestSupport

/// End-to-end: the real executable mirroring generated trees.
@Suite("s3clone mirrors a directory tree")
struct MirrorTests {
    /// A tree with nested folders, empty files and folders, unicode, spaces and odd characters.
    static func makeSource(_ sandbox: TemporaryDirectory) {
        var random = SeededBytes(seed: 42)
        let old = Date(timeIntervalSince1970: 1_600_000_000)
        for index in 0..<60 {
            sandbox.write("src/level\(index % 3)/sub\(index % 5)/file\(index).bin", random.bytes(Int(random.next() % 20_000)), modified: old)
        }
        sandbox.write("src/empty.txt", [], modified: old)
        sandbox.write("src/deep/a/b/c/d/e/zero", [], modified: old)
        sandbox.write("src/caf\u{e9} and spaces/\u{1F600} smile.txt", "unicode", modified: old)
        sandbox.write("src/cafe\u{301}.txt", "nfd", modified: old)
        sandbox.write("src/odd/100%+#?;=&.txt", "odd", modified: old)
        sandbox.write("src/odd/line\nbreak", "newline", modified: old)
        try! FileManager.default.createDirectory(atPath: sandbox.at("src/empty-folder"), withIntermediateDirectories: true)
    }

    @Test("the copy equals the source byte for byte, with modification times; a second run touches nothing")
    func mirrorAndRerun() async throws {
        let sandbox = TemporaryDirectory("e2e")
        Self.makeSource(sandbox)
        let first = try await S3CloneBinary.run(["./src", "dst"], in: sandbox.path)
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput.isEmpty)
        let source = TreeSnapshot(sandbox.at("src"))
        let copy = TreeSnapshot(sandbox.at("dst"))
        #expect(copy.contentsByPath == source.contentsByPath)
        #expect(copy.modificationTimes == source.modificationTimes)
        #expect(first.standardError.contains("copied 67 objects"))

        let second = try await S3CloneBinary.run(["./src", "dst"], in: sandbox.path)
        #expect(second.status == 0)
        #expect(second.standardError.contains("copied 0 objects"))
        let after = TreeSnapshot(sandbox.at("dst"))
        #expect(after.entries.mapValues(\.inode) == copy.entries.mapValues(\.inode))
        #expect(after.modificationTimes == copy.modificationTimes)
    }

    @Test("a different-size file is reported with exit 3 and left untouched; --overwrite replaces it")
    func mismatchThenOverwrite() async throws {
        let sandbox = TemporaryDirectory("mismatch")
        sandbox.write("src/a/x.txt", "source!")
        sandbox.write("src/same.txt", "same")
        sandbox.write("dst/a/x.txt", "local")
        sandbox.write("dst/same.txt", "SAME")
        let before = TreeSnapshot(sandbox.at("dst"))
        let reported = try await S3CloneBinary.run(["./src", "dst"], in: sandbox.path)
        #expect(reported.status == 3)
        #expect(reported.standardOutput == "dst/a/x.txt: size mismatch (local 5 bytes, source 7 bytes)\n")
        #expect(TreeSnapshot(sandbox.at("dst")) == before)

        let etag = try await S3CloneBinary.run(["--verify", "etag", "./src", "dst"], in: sandbox.path)
        #expect(etag.status == 3)
        #expect(etag.standardOutput.contains("dst/same.txt: md5 mismatch (local "))
        #expect(etag.standardOutput.contains("dst/a/x.txt: size mismatch"))

        let dry = try await S3CloneBinary.run(["--dry-run", "--overwrite", "./src", "dst"], in: sandbox.path)
        #expect(dry.status == 0)
        #expect(dry.standardOutput.contains("replace   dst/a/x.txt  (size mismatch (local 5 bytes, source 7 bytes), 7 B)"))
        #expect(TreeSnapshot(sandbox.at("dst")) == before)

        let replaced = try await S3CloneBinary.run(["--overwrite", "./src", "dst"], in: sandbox.path)
        #expect(replaced.status == 0, "\(replaced.standardError)")
        #expect(try String(contentsOfFile: sandbox.at("dst/a/x.txt"), encoding: .utf8) == "source!")
        #expect(try String(contentsOfFile: sandbox.at("dst/same.txt"), encoding: .utf8) == "SAME")
        let withEtag = try await S3CloneBinary.run(["--overwrite", "--verify", "etag", "./src", "dst"], in: sandbox.path)
        #expect(withEtag.status == 0)
        #expect(TreeSnapshot(sandbox.at("dst")).contentsByPath == TreeSnapshot(sandbox.at("src")).contentsByPath)
    }

    @Test("a symbolic link in the destination pointing outside is never written through")
    func symlinkInDestination() async throws {
        let sandbox = TemporaryDirectory("symlink")
        sandbox.write("src/link/inside.txt", "payload")
        sandbox.write("src/ok.txt", "fine")
        try FileManager.default.createDirectory(atPath: sandbox.at("outside"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: sandbox.at("dst"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: sandbox.at("dst/link"), withDestinationPath: sandbox.at("outside"))
        let result = try await S3CloneBinary.run(["./src", "dst"], in: sandbox.path)
        #expect(result.status == 1)
        #expect(result.standardError.contains("link/inside.txt"))
        #expect(result.standardError.contains("[collision]"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.at("outside")).isEmpty)
        #expect(FileManager.default.fileExists(atPath: sandbox.at("dst/ok.txt")))
    }

    @Test("--dry-run lists the plan and writes nothing")
    func dryRun() async throws {
        let sandbox = TemporaryDirectory("dryrun")
        sandbox.write("src/b.txt", "bb")
        sandbox.write("src/a.txt", "a")
        let result = try await S3CloneBinary.run(["--dry-run", "./src", "dst"], in: sandbox.path)
        #expect(result.status == 0)
        #expect(result.standardOutput == "copy      dst/a.txt  (missing, 1 B)\ncopy      dst/b.txt  (missing, 2 B)\n")
        #expect(!FileManager.default.fileExists(atPath: sandbox.at("dst")))
    }

    @Test("--prefix copies one folder and keeps its path; 'logs' and 'logs/' mean the same")
    func prefix() async throws {
        let sandbox = TemporaryDirectory("prefix")
        sandbox.write("src/logs/1.txt", "1")
        sandbox.write("src/logs-old/2.txt", "2")
        sandbox.write("src/other.txt", "3")
        for (index, prefix) in ["logs", "logs/"].enumerated() {
            let result = try await S3CloneBinary.run(["--prefix", prefix, "./src", "dst\(index)"], in: sandbox.path)
            #expect(result.status == 0)
            #expect(TreeSnapshot(sandbox.at("dst\(index)")).entries.keys.sorted() == ["logs/", "logs/1.txt"])
        }
    }

    @Test("names with control characters are escaped in every line printed")
    func escapesOutput() async throws {
        let sandbox = TemporaryDirectory("escape")
        let hostile = "esc\u{1B}[31mred\u{7}.txt"
        sandbox.write("src/" + hostile, "long contents")
        sandbox.write("dst/" + hostile, "short")
        let result = try await S3CloneBinary.run(["./src", "dst"], in: sandbox.path)
        #expect(result.status == 3)
        #expect(!result.standardOutput.contains("\u{1B}") && !result.standardOutput.contains("\u{7}"))
        #expect(result.standardOutput == "dst/esc\\u{1B}[31mred\\u{7}.txt: size mismatch (local 5 bytes, source 13 bytes)\n")
    }
}
