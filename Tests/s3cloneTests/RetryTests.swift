import Foundation
import Testing
import TestSupport

/// End-to-end: how the real executable retries, backs off, spends its retry budget and slows down,
/// counted at a loopback S3 that fails on purpose (`s3_fault_server.py`).
@Suite("s3clone retries against a failing S3")
struct RetryTests {
    let server: LoopbackServer

    init() throws {
        server = try LoopbackServer.s3Fault()
    }

    /// What the server saw of one bucket.
    struct Seen: Decodable {
        /// Object GETs received.
        var gets: Int
        /// Arrival times of each key's GETs, in seconds.
        var attempts: [String: [Double]]
        /// Object GETs in progress at each GET's arrival, in order.
        var in_flight: [Int]

        /// The pauses between one key's successive attempts, by retry number (0: before the first retry).
        var pausesByRetry: [[Double]] {
            var pauses: [[Double]] = []
            for times in attempts.values {
                for (index, pair) in zip(times, times.dropFirst()).enumerated() {
                    if pauses.count <= index { pauses.append([]) }
                    pauses[index].append(pair.1 - pair.0)
                }
            }
            return pauses
        }
    }

    /// Asks the server (through Python's HTTP client: the tests have no HTTP client of their own).
    func seen(_ bucket: String) async throws -> Seen {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys, urllib.request; sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1]).read())",
                             "http://\(server.host)/stats?bucket=\(bucket)"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        await process.waitForExit()
        return try JSONDecoder().decode(Seen.self, from: data)
    }

    func clone(_ bucket: String, _ flags: [String] = [], in sandbox: TemporaryDirectory) async throws -> CommandResult {
        try await S3CloneBinary.run(["--endpoint-url", "http://\(server.host)"] + flags + ["s3://\(bucket)", "out"],
                                    in: sandbox.path, environment: ToolEnvironment.make(home: sandbox.path))
    }

    @Test("persistent SlowDown: exactly N+1 GETs per object, pauses drawn up to 1 s then 2 s (full jitter, throttled base)")
    func persistentSlowDown() async throws {
        let sandbox = TemporaryDirectory("retry-slowdown")
        let result = try await clone("slowdown-24", ["--retries", "2"], in: sandbox)
        #expect(result.status == 1)
        #expect(result.standardError.components(separatedBy: "\n").filter { $0.contains("SlowDown") && $0.contains("[throttled]") }.count == 24)
        let seen = try await seen("slowdown-24")
        #expect(seen.gets == 24 * 3)
        #expect(Set(seen.attempts.values.map(\.count)) == [3])
        let pauses = seen.pausesByRetry
        #expect(pauses.count == 2)
        // Full jitter: the first pause is drawn from 0...1 s, the second from 0...2 s (plus the
        // request's own time); the median of 24 such draws is far above the old 65 ms.
        #expect(pauses[0].allSatisfy { $0 <= 1.3 })
        #expect(pauses[1].allSatisfy { $0 <= 2.3 })
        let all = (pauses[0] + pauses[1]).sorted()
        #expect(all[all.count / 2] > 0.15)
        #expect(TreeSnapshot(sandbox.at("out")).entries.isEmpty)
    }

    @Test("--retries 0: one GET per object")
    func noRetries() async throws {
        let sandbox = TemporaryDirectory("retry-zero")
        let result = try await clone("slowdown-12", ["--retries", "0"], in: sandbox)
        #expect(result.status == 1)
        #expect(try await seen("slowdown-12").gets == 12)
    }

    @Test("a full outage over 500 objects stops within the retry budget, fast, with one clear cause")
    func outageSpendsTheBudget() async throws {
        let sandbox = TemporaryDirectory("retry-outage")
        let result = try await clone("outage-500", in: sandbox)
        #expect(result.status == 1)
        #expect(result.standardError.contains("retry budget is spent"))
        #expect(result.standardError.contains("stopped:"))
        let seen = try await seen("outage-500")
        // 500 tokens at 5 a retry pay for 100 retries; the run stops before it tries every object.
        #expect(seen.gets - seen.attempts.count <= 100)
        #expect(seen.attempts.count < 500)
        // Timed by the server's clock, from the first GET to the last: the test process's own
        // clock also counts its waits for a thread when the whole suite runs on 2 cores.
        let arrivals = seen.attempts.values.joined()
        let span = (arrivals.max() ?? 0) - (arrivals.min() ?? 0)
        #expect(span < 10, "the GETs of a spent budget spread over \(span) s")
    }

    @Test("Retry-After is honoured: the second attempt waits at least as long as the server asked")
    func honoursRetryAfter() async throws {
        let sandbox = TemporaryDirectory("retry-after")
        let result = try await clone("retryafter-10-2", in: sandbox)
        #expect(result.status == 0)
        let seen = try await seen("retryafter-10-2")
        #expect(seen.gets == 20)
        #expect(seen.pausesByRetry.first?.allSatisfy { $0 >= 1.95 } == true)
        let files = TreeSnapshot(sandbox.at("out")).entries
        #expect(files.count == 10)
        #expect(files["k0003"]?.contents == (0..<100).map { UInt8((3 + $0) % 251) })
    }

    @Test("a burst of SlowDown lowers the requests in flight, in fixed -j mode too")
    func slowDownLowersConcurrency() async throws {
        let sandbox = TemporaryDirectory("retry-burst")
        let result = try await clone("burst-600-41-60", ["-j", "32"], in: sandbox)
        #expect(result.status == 0)
        let seen = try await seen("burst-600-41-60")
        #expect(seen.gets == 620)
        let before = seen.in_flight[..<40].max() ?? 0
        let after = seen.in_flight[80..<200].max() ?? 0
        #expect(before >= 20)
        #expect(after <= before * 3 / 4)
        #expect(TreeSnapshot(sandbox.at("out")).entries.count == 600)
    }
}
