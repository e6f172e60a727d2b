import Foundation
import Testing
import TestSupport

@Suite("s3clone usage errors and exit codes")
struct UsageTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var status: Int32
        var errorMentions: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let cases: [Case] = [
        Case(arguments: ["--no-such-flag", "./src"], status: 2, errorMentions: "--no-such-flag"),
        Case(arguments: [], status: 2, errorMentions: "source"),
        Case(arguments: ["-j", "0", "./src", "dst"], status: 2, errorMentions: "--workers"),
        Case(arguments: ["--workers", "many", "./src", "dst"], status: 2, errorMentions: "many"),
        Case(arguments: ["--verify", "sha1", "./src", "dst"], status: 2, errorMentions: "sha1"),
        Case(arguments: ["./missing", "dst"], status: 2, errorMentions: "missing"),
        Case(arguments: ["./src", "./src"], status: 2, errorMentions: "inside"),
        Case(arguments: ["./src", "src/nested"], status: 2, errorMentions: "inside"),
        Case(arguments: ["./src", "plain-file"], status: 2, errorMentions: "not a directory"),
        // A bare bucket name and an s3:// URL go to S3: here an endpoint where nothing listens.
        Case(arguments: ["--endpoint-url", "http://127.0.0.1:1", "my-bucket", "dst"], status: 1, errorMentions: "127.0.0.1:1"),
        Case(arguments: ["--endpoint-url", "http://127.0.0.1:1", "s3://my-bucket/logs", "dst"], status: 1, errorMentions: "127.0.0.1:1"),
        Case(arguments: ["--endpoint-url", "ftp://x", "my-bucket", "dst"], status: 2, errorMentions: "http"),
        Case(arguments: ["--path-style", "--virtual-host", "my-bucket"], status: 2, errorMentions: "--path-style"),
        Case(arguments: ["gs://bucket", "dst"], status: 2, errorMentions: "gs://"),
        Case(arguments: ["--shard", "4/4", "./src", "dst"], status: 2, errorMentions: "--shard: the shard index must be between 0 and 3"),
        Case(arguments: ["--shard=-1/4", "./src", "dst"], status: 2, errorMentions: "--shard: the index in '-1/4'"),
        Case(arguments: ["--shard", "a/b", "./src", "dst"], status: 2, errorMentions: "--shard: the index in 'a/b'"),
        Case(arguments: ["--shard", "1/0", "./src", "dst"], status: 2, errorMentions: "--shard: the shard count must be between 1"),
        Case(arguments: ["--shard", "3", "./src", "dst"], status: 2, errorMentions: "--shard: '3' is not K/N"),
        Case(arguments: ["--shard", "auto", "./src", "dst"], status: 2, errorMentions: "--shard: auto found no job index"),
        Case(arguments: ["--memory-budget", "0", "./src", "dst"], status: 2, errorMentions: "--memory-budget must be between 1 and 1048576 MiB (got 0)"),
        Case(arguments: ["--memory-budget", "lots", "./src", "dst"], status: 2, errorMentions: "lots"),
        Case(arguments: ["--listers", "0", "./src", "dst"], status: 2, errorMentions: "--listers must be between 1 and 64 (got 0)"),
        Case(arguments: ["./src", "s3://bucket/x"], status: 2, errorMentions: "local directory"),
        Case(arguments: ["--stall-timeout", "0", "bucket", "dst"], status: 2, errorMentions: "--stall-timeout must be between 1 and 3600 seconds (got 0)"),
    ]

    @Test("bad input exits 2 with one clear line", arguments: cases)
    func usage(_ testCase: Case) async throws {
        let sandbox = TemporaryDirectory("usage")
        sandbox.write("src/f", "x")
        sandbox.write("plain-file", "x")
        let before = TreeSnapshot(sandbox.path)
        // Test credentials and no instance metadata: nothing may leave the loopback interface.
        let environment = ToolEnvironment.make(home: sandbox.path)
        let result = try await S3CloneBinary.run(testCase.arguments, in: sandbox.path, environment: environment)
        #expect(result.status == testCase.status, "\(result.standardError)")
        #expect(result.standardError.contains(testCase.errorMentions), "\(result.standardError)")
        #expect(TreeSnapshot(sandbox.path).contentsByPath == before.contentsByPath)
    }

    @Test("--help shows examples and exit codes; --version prints the version")
    func helpAndVersion() async throws {
        let sandbox = TemporaryDirectory("help")
        let help = try await S3CloneBinary.run(["--help"], in: sandbox.path)
        #expect(help.status == 0)
        for needle in ["EXAMPLES", "EXIT STATUS", "130", "--workers", "--verify", "--overwrite", "--dry-run", "--prefix", "--memory-budget"] {
            #expect(help.standardOutput.contains(needle), "help lacks \(needle)")
        }
        let version = try await S3CloneBinary.run(["--version"], in: sandbox.path)
        #expect(version.status == 0)
        #expect(version.standardOutput.split(separator: ".").count == 3)
    }

    @Test("--quiet prints no summary")
    func quiet() async throws {
        let sandbox = TemporaryDirectory("quiet")
        sandbox.write("src/f", "x")
        let result = try await S3CloneBinary.run(["--quiet", "./src", "dst"], in: sandbox.path)
        #expect(result.status == 0)
        #expect(result.standardError.isEmpty && result.standardOutput.isEmpty)
    }
}
