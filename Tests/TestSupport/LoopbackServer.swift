import Foundation

/// A server process on 127.0.0.1 started for a test and killed when released. The process prints
/// its port on its first line of standard output (or is given one with `port:` in its arguments).
public final class LoopbackServer: @unchecked Sendable {
    public let process: Process
    public let port: Int

    /// Starts `executable` with `arguments` and reads the port from its first output line.
    public init(executable: String, arguments: [String], environment: [String: String]? = nil) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = [UInt8]()
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            guard let first = byte.first else { break }
            if first == UInt8(ascii: "\n") { break }
            line.append(first)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces)) else {
            process.terminate()
            throw ServerError(message: "server printed no port: \(String(decoding: line, as: UTF8.self))")
        }
        self.port = port
    }

    /// The test HTTP server in `Tests/Fixtures/servers/http_fixture_server.py`.
    public static func httpFixture() throws -> LoopbackServer {
        try LoopbackServer(executable: "/usr/bin/env", arguments: ["python3", HostileKey.fixturesDirectory + "/servers/http_fixture_server.py"])
    }

    /// The failing S3 in `Tests/Fixtures/servers/s3_fault_server.py` (its docstring lists the buckets).
    public static func s3Fault() throws -> LoopbackServer {
        try LoopbackServer(executable: "/usr/bin/env", arguments: ["python3", HostileKey.fixturesDirectory + "/servers/s3_fault_server.py"])
    }

    /// `http://127.0.0.1:<port>`.
    public var host: String { "127.0.0.1:\(port)" }

    deinit {
        // Not waitUntilExit(): from a deinit on a concurrency thread it can wait forever for a
        // run-loop event. Kill, then poll briefly for the exit.
        kill(process.processIdentifier, SIGKILL)
        for _ in 0..<500 where process.isRunning { usleep(10_000) }
    }

    public struct ServerError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }
}
