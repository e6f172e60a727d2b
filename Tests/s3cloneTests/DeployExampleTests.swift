import Foundation
import Testing
import TestSupport

/// The examples under `deploy/` run as written: their arguments, with the bucket replaced by a
/// local tree and the volume by a folder, clone the whole tree across the shards, nothing twice.
@Suite("deploy/ examples")
struct DeployExampleTests {
    static let deploy = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("deploy").path

    static func makeSource(_ sandbox: TemporaryDirectory) {
        var random = SeededBytes(seed: 5)
        for index in 0..<40 { sandbox.write("src/logs/\(index % 5)/part-\(index)", random.bytes(Int(random.next() % 3000))) }
    }

    /// Every file under the shard folders, checked to be in one folder only, against the source.
    static func expectUnionIsSource(_ sandbox: TemporaryDirectory, shards: Int) {
        var union: [String: [UInt8]?] = [:]
        for index in 0..<shards {
            for (path, contents) in TreeSnapshot(sandbox.at("data/shard-\(index)")).contentsByPath where contents != nil {
                #expect(union[path] == nil, "\(path) in two shards")
                union[path] = contents
            }
        }
        #expect(union == TreeSnapshot(sandbox.at("src")).contentsByPath.filter { $0.value != nil })
    }

    @Test("the Kubernetes Indexed Job: its args with each completion index; completions equals the count in auto/N")
    func kubernetes() async throws {
        let manifest = try String(contentsOfFile: Self.deploy + "/kubernetes/indexed-job.yaml", encoding: .utf8)
        let lines = manifest.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let argsLine = try #require(lines.first { $0.hasPrefix("args: [") })
        let args = try #require(try JSONSerialization.jsonObject(with: Data(argsLine.dropFirst("args: ".count).utf8)) as? [String])
        let completions = try #require(lines.first { $0.hasPrefix("completions:") }.flatMap { Int($0.split(separator: " ")[1]) })
        #expect(args.contains("auto/\(completions)"))
        let sandbox = TemporaryDirectory("deploy-k8s")
        Self.makeSource(sandbox)
        for index in 0..<completions {
            let local = args.map {
                $0.replacingOccurrences(of: "s3://my-bucket/logs", with: sandbox.at("src"))
                    .replacingOccurrences(of: "/data/", with: sandbox.at("data/"))
                    .replacingOccurrences(of: "$(JOB_COMPLETION_INDEX)", with: "\(index)")
            }
            let result = try await S3CloneBinary.run(local, in: sandbox.path, environment: ["JOB_COMPLETION_INDEX": "\(index)"])
            #expect(result.status == 0, "\(result.standardError)")
            #expect(result.standardError.contains("shard \(index)/\(completions): copied"))
        }
        Self.expectUnionIsSource(sandbox, shards: completions)
    }

    @Test("the AWS Batch job definition: its command through sh, for each child of an array of 3")
    func awsBatch() async throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.deploy + "/aws-batch/job-definition.json"))
        let definition = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let container = try #require(definition["containerProperties"] as? [String: Any])
        let command = try #require(container["command"] as? [String])
        #expect(command.count == 3 && command[0] == "sh" && command[1] == "-c")
        let sandbox = TemporaryDirectory("deploy-batch")
        Self.makeSource(sandbox)
        let script = command[2]
            .replacingOccurrences(of: "exec s3clone ", with: "exec '\(S3CloneBinary.path)' ")
            .replacingOccurrences(of: "s3://my-bucket/logs", with: sandbox.at("src"))
            .replacingOccurrences(of: "/data/", with: sandbox.at("data/"))
        for index in 0..<3 {
            let shell = Process()
            shell.executableURL = URL(fileURLWithPath: "/bin/sh")
            shell.arguments = ["-c", script]
            shell.environment = ["AWS_BATCH_JOB_ARRAY_INDEX": "\(index)", "AWS_BATCH_JOB_ARRAY_SIZE": "3", "PATH": "/usr/bin:/bin"]
            shell.standardError = FileHandle.nullDevice
            try await shell.runAndWait()
            #expect(shell.terminationStatus == 0)
        }
        Self.expectUnionIsSource(sandbox, shards: 3)
    }
}
