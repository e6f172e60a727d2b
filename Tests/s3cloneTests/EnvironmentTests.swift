import Foundation
import Testing
import TestSupport

/// End-to-end cases that need a special environment: a tiny file system, a terminal.
@Suite("s3clone on a full disk and on a terminal")
struct EnvironmentTests {
    /// Whether this process may make private mount namespaces (root on Linux).
    static let canMount: Bool = {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        probe.arguments = ["--mount", "true"]
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }()

    @Test("a full disk stops the run cleanly: status 1, noSpace named (even under --quiet), no partial file",
          .enabled(if: canMount, "needs root to mount a small tmpfs in a private mount namespace"))
    func diskFull() async throws {
        let sandbox = TemporaryDirectory("enospc")
        var random = SeededBytes(seed: 3)
        for index in 0..<60 { sandbox.write("src/f\(index)", random.bytes(64 << 10)) }
        sandbox.write("src/big", random.bytes(3 << 20))
        try FileManager.default.createDirectory(atPath: sandbox.at("dst"), withIntermediateDirectories: true)
        // The mount lives in a namespace of its own and disappears with the shell.
        let script = """
            mount -t tmpfs -o size=1m tmpfs dst || exit 99
            "$1" -j 4 --quiet ./src dst; echo "status=$?"
            echo "temporaries=$(find dst -name '.s3clone-*' | wc -l)"
            for f in $(cd dst && find . -type f); do cmp -s "src/$f" "dst/$f" || echo "partial=$f"; done
            echo "files=$(find dst -type f | wc -l)"
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments = ["--mount", "--propagation", "private", "sh", "-c", script, "sh", S3CloneBinary.path]
        process.currentDirectoryURL = URL(fileURLWithPath: sandbox.path)
        _ = FileManager.default.createFile(atPath: sandbox.at("out.log"), contents: nil)
        _ = FileManager.default.createFile(atPath: sandbox.at("err.log"), contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: sandbox.at("out.log")))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: sandbox.at("err.log")))
        try await process.runAndWait()
        let printed = try String(contentsOfFile: sandbox.at("out.log"), encoding: .utf8)
        let complaints = try String(contentsOfFile: sandbox.at("err.log"), encoding: .utf8)
        #expect(printed.contains("status=1\n"), "\(printed)\n\(complaints)")
        #expect(printed.contains("temporaries=0\n"))
        #expect(!printed.contains("partial="), "\(printed)")
        #expect(complaints.contains("[noSpace]"))
        #expect(complaints.contains("s3clone: error: stopped: "), "what stopped the run is an error, shown under --quiet: \(complaints)")
        let files = printed.split(separator: "\n").first { $0.hasPrefix("files=") }.flatMap { Int($0.dropFirst(6)) } ?? -1
        #expect((1..<61).contains(files), "some but not all files fit: \(files)")
    }

    @Test("on a terminal a progress line is drawn and cleared; through a pipe there is none")
    func progressOnTerminal() async throws {
        let sandbox = TemporaryDirectory("tty")
        var random = SeededBytes(seed: 5)
        for index in 0..<200 { sandbox.write("src/f\(index)", random.bytes(4096)) }
        // script(1) gives the command a pseudo-terminal and records what it shows.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", "\(S3CloneBinary.path) ./src dst", "/dev/null"]
        process.currentDirectoryURL = URL(fileURLWithPath: sandbox.path)
        _ = FileManager.default.createFile(atPath: sandbox.at("screen.log"), contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: sandbox.at("screen.log")))
        process.standardInput = FileHandle.nullDevice
        try await process.runAndWait()
        let screen = try String(contentsOfFile: sandbox.at("screen.log"), encoding: .utf8)
        #expect(process.terminationStatus == 0)
        #expect(screen.contains("\r0/200+ objects") || screen.contains("\r0/200 objects") || screen.contains("/200 objects  "), "\(screen.debugDescription)")
        #expect(screen.contains("\u{1B}[K"))
        #expect(screen.contains("copied 200 objects"))

        let piped = try await S3CloneBinary.run(["./src", "dst2"], in: sandbox.path)
        #expect(!piped.standardError.contains("\r") && !piped.standardError.contains("\u{1B}"))
    }
}
