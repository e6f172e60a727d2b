import Foundation
import TestSupport

/// Runs the built `s3clone` executable and captures what it prints.
struct CommandResult {
    var status: Int32
    var standardOutput: String
    var standardError: String
}

enum S3CloneBinary {
    /// The `s3clone` built beside the test bundle.
    static let path: String = {
        var candidates: [String] = []
        if let executable = Bundle.main.executableURL?.deletingLastPathComponent() {
            candidates.append(executable.appendingPathComponent("s3clone").path)
            candidates.append(executable.deletingLastPathComponent().appendingPathComponent("s3clone").path)
        }
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("s3clone").path)
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("s3clone").path)
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(packageRoot.appendingPathComponent(".build/debug/s3clone").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates.last!
    }()

    /// Starts s3clone with `arguments` in `directory`; output goes to files read by `finish`.
    /// - Parameter launcher: a command that runs s3clone (its path is appended), such as `strace`.
    static func start(_ arguments: [String], in directory: String, environment: [String: String]? = nil,
                      launcher: [String] = []) throws -> RunningCommand {
        let process = Process()
        if let environment { process.environment = environment }
        let command = launcher + [path] + arguments
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let outputPath = directory + "/.stdout-\(UUID().uuidString)"
        let errorPath = directory + "/.stderr-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return RunningCommand(process: process, outputPath: outputPath, errorPath: errorPath)
    }

    /// Runs s3clone to the end.
    static func run(_ arguments: [String], in directory: String, environment: [String: String]? = nil,
                    launcher: [String] = []) async throws -> CommandResult {
        try await start(arguments, in: directory, environment: environment, launcher: launcher).finish()
    }
}

struct RunningCommand {
    let process: Process
    let outputPath: String
    let errorPath: String

    func finish() async -> CommandResult {
        await process.waitForExit()
        defer {
            try? FileManager.default.removeItem(atPath: outputPath)
            try? FileManager.default.removeItem(atPath: errorPath)
        }
        return CommandResult(
            status: process.terminationStatus,
            standardOutput: (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "",
            standardError: (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "")
    }
}
