import Foundation

/// A moto S3 server on a free 127.0.0.1 port, for one test suite; killed when released.
public final class MotoServer: @unchecked Sendable {
    public let process: Process
    public let port: Int
    /// Where moto's request log (one line per request, on its standard error) goes.
    let logPath: String
    /// A file whose appearance tells the watching shell to stop moto.
    let stopPath: String

    /// Starts `moto_server` and waits until it answers, without holding a thread while it waits
    /// (moto takes seconds to start; a test process on 2 cores has 2 threads for every test).
    /// - Parameter environment: extra variables for moto (such as `INITIAL_NO_AUTH_ACTION_COUNT`
    ///   to make it check credentials).
    public static func start(environment: [String: String] = [:]) async throws -> MotoServer {
        let server = try MotoServer(spawning: environment)
        let deadline = ContinuousClock.now + .seconds(120)  // more on a busy machine
        while !LoopbackPort.accepts(server.port) {
            guard ContinuousClock.now < deadline, server.process.isRunning else {
                server.stop()
                throw LoopbackServer.ServerError(message: "moto_server did not start on port \(server.port) (is moto[server] installed?)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return server
    }

    /// Spawns `moto_server`; ``start(environment:)`` waits for it to answer.
    private init(spawning environment: [String: String]) throws {
        port = try LoopbackPort.free()
        logPath = NSTemporaryDirectory() + "s3clone-moto-\(port)-\(UUID().uuidString.prefix(8)).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process = Process()
        // A small shell watches the test process: moto goes when the tests go, even if they
        // crash, and when the shell is told to stop.
        // Children of this process start with most signals blocked (they inherit the mask of the
        // thread that spawned them), so SIGTERM cannot stop them: the watcher uses SIGKILL, and is
        // told to stop by a file rather than a signal.
        stopPath = logPath + ".stop"
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", """
            moto_server -H 127.0.0.1 -p \(port) & server=$!
            while kill -0 \(getpid()) 2>/dev/null && kill -0 $server 2>/dev/null && [ ! -e '\(stopPath)' ]; do sleep 0.2; done
            kill -9 $server 2>/dev/null
            """]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        try process.run()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: logPath)
        try? FileManager.default.removeItem(atPath: stopPath)
    }

    private func stop() {
        _ = FileManager.default.createFile(atPath: stopPath, contents: nil)
        for _ in 0..<250 where process.isRunning { usleep(10_000) }
    }

    /// One server for the whole test process (each test uses buckets of its own), started by the
    /// first test that asks.
    public static var shared: MotoServer {
        get async throws { try await sharedStart.value }
    }

    private static let sharedStart = Task { try await MotoServer.start() }

    /// The requests moto has served so far, as its log shows them: `GET /bucket/key?x HTTP/1.1`.
    public func requestLines() -> [String] {
        let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return log.split(separator: "\n").compactMap { line in
            guard let open = line.firstIndex(of: "\""), let close = line[line.index(after: open)...].firstIndex(of: "\"") else { return nil }
            return String(line[line.index(after: open)..<close])
        }
    }

    /// How many requests with `method` for paths under `/bucket/` (objects, not the bucket) moto served.
    public func objectRequests(_ method: String, bucket: String) -> Int {
        requestLines().filter { $0.hasPrefix("\(method) /\(bucket)/") && !$0.hasPrefix("\(method) /\(bucket)/?") }.count
    }

    /// `http://127.0.0.1:<port>`.
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    /// Creates `bucket` and uploads into it with `Tests/Fixtures/servers/s3_seed.py` (boto3).
    /// - Parameters:
    ///   - directory: upload every file under it, keys relative to it.
    ///   - keys: upload these keys with these bytes (any key, including ones no file can have).
    ///   - multipart: upload (key, size, part size) as multipart objects.
    ///   - checksum: the full-object checksum algorithm of single-part uploads (`none`: only MD5 ETags).
    ///   - multipartChecksum: upload the multipart objects with a composite checksum in this algorithm.
    ///   - wrongChecksums: keys stored with a damaged checksum (part 1's for a multipart object).
    ///   - publicRead: give the uploaded objects the public-read ACL.
    ///   - skipRejected: go on when moto refuses a key (the count says how many went in).
    @discardableResult
    public func seed(bucket: String, region: String = "us-east-1", directory: String? = nil,
                     keys: [(String, [UInt8])] = [], multipart: [(String, Int, Int)] = [], publicRead: Bool = false,
                     skipRejected: Bool = false, checksum: String? = nil, multipartChecksum: String? = nil,
                     wrongChecksums: [String] = []) async throws -> Int {
        var arguments = ["python3", HostileKey.fixturesDirectory + "/servers/s3_seed.py", endpoint, bucket, "--region", region]
        if let directory { arguments += ["--dir", directory] }
        if publicRead { arguments.append("--public-read") }
        if skipRejected { arguments.append("--skip-rejected") }
        if let checksum { arguments += ["--checksum", checksum] }
        if let multipartChecksum { arguments += ["--multipart-checksum", multipartChecksum] }
        for key in wrongChecksums { arguments += ["--wrong-checksum", key] }
        var listFile: String?
        if !keys.isEmpty {
            let entries = keys.map { ["key": $0.0, "hex": $0.1.map { String(format: "%02x", $0) }.joined()] }
            let path = NSTemporaryDirectory() + "s3clone-seed-\(UUID().uuidString).json"
            try JSONSerialization.data(withJSONObject: entries).write(to: URL(fileURLWithPath: path))
            arguments += ["--keys-json", path]
            listFile = path
        }
        defer { if let listFile { try? FileManager.default.removeItem(atPath: listFile) } }
        for (key, size, partSize) in multipart { arguments += ["--multipart", key, String(size), String(partSize)] }
        let seeder = Process()
        seeder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        seeder.arguments = arguments
        let outputPath = NSTemporaryDirectory() + "s3clone-seed-\(UUID().uuidString).out"
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        seeder.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        seeder.standardError = seeder.standardOutput
        try await seeder.runAndWait()
        let log = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let printed = Data((log.split(separator: "\n").last ?? "").utf8)
        let complaints = Data(log.utf8)
        guard seeder.terminationStatus == 0, let count = Int(String(decoding: printed, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw LoopbackServer.ServerError(message: "seeding failed: \(String(decoding: complaints, as: UTF8.self).suffix(2000))")
        }
        return count
    }
}
