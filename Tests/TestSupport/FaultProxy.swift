import Foundation

/// The damaging proxy of `Tests/Fixtures/servers/fault_proxy.py` in front of a loopback server
/// (moto): it flips bytes in, truncates, resets or stalls object bodies with given probabilities,
/// and counts the body bytes it sent.
public final class FaultProxy: @unchecked Sendable {
    /// How often each fault strikes an object GET (0...1, independent draws per response).
    public struct Faults: Sendable {
        public var flip = 0.0, truncate = 0.0, reset = 0.0, stall = 0.0
        /// How long a stalled body stays silent before its connection closes.
        public var stallSeconds = 5.0
        /// Every object body is cut after this many bytes (a link that keeps breaking).
        public var capBytes: Int?
        /// The first this many object bodies get a flipped byte, whatever the draws.
        public var flipFirst = 0
        public var seed = 1

        public init(flip: Double = 0, truncate: Double = 0, reset: Double = 0, stall: Double = 0,
                    stallSeconds: Double = 5, capBytes: Int? = nil, flipFirst: Int = 0, seed: Int = 1) {
            (self.flip, self.truncate, self.reset, self.stall) = (flip, truncate, reset, stall)
            (self.stallSeconds, self.capBytes, self.flipFirst, self.seed) = (stallSeconds, capBytes, flipFirst, seed)
        }

        var arguments: [String] {
            var list = ["--flip", "\(flip)", "--truncate", "\(truncate)", "--reset", "\(reset)", "--stall", "\(stall)",
                        "--stall-seconds", "\(stallSeconds)", "--seed", "\(seed)"]
            if let capBytes { list += ["--cap-bytes", "\(capBytes)"] }
            if flipFirst > 0 { list += ["--flip-first", "\(flipFirst)"] }
            return list
        }
    }

    /// What the proxy has seen so far.
    public struct Stats: Sendable {
        /// Object body bytes written to clients.
        public var bodyBytes: Int
        /// Processes the proxy killed on a ``FaultProxy/kill(_:after:)`` plan.
        public var kills = 0
        /// Responses damaged, by fault name (`flip`, `truncate`, `reset`, `stall`).
        public var faults: [String: Int]
        /// Object GETs in the order their bodies started: key, Range header (or ""), `ok`, the fault,
        /// `cap` or `client-gone`, and the client's port (one per connection).
        public var responses: [(key: String, range: String, outcome: String, port: Int)]
    }

    let server: LoopbackServer

    /// Starts a proxy to `127.0.0.1:upstreamPort`.
    public init(upstreamPort: Int, faults: Faults) throws {
        server = try LoopbackServer(executable: "/usr/bin/env", arguments: [
            "python3", HostileKey.fixturesDirectory + "/servers/fault_proxy.py", "\(upstreamPort)"] + faults.arguments)
    }

    /// `http://127.0.0.1:<port>`, for `--endpoint-url`.
    public var endpoint: String { "http://\(server.host)" }

    /// Has the proxy send SIGKILL to process `pid` once `bytes` more object body bytes went out:
    /// the kill lands at the byte count, however busy the test process is.
    public func kill(_ pid: Int32, after bytes: Int) throws {
        _ = try Self.get(port: server.port, path: "/__proxy/kill?pid=\(pid)&after=\(bytes)")
    }

    /// Asks the proxy for its counts (a blocking HTTP/1.0 GET of `/__proxy/stats`).
    public func stats() throws -> Stats {
        let text = try Self.get(port: server.port, path: "/__proxy/stats")
        guard let split = text.range(of: "\r\n\r\n"),
              let json = try JSONSerialization.jsonObject(with: Data(text[split.upperBound...].utf8)) as? [String: Any],
              let bytes = json["body_bytes"] as? Int, let faults = json["faults"] as? [String: Int],
              let responses = json["responses"] as? [[Any]],
              responses.allSatisfy({ $0.count == 4 && $0[0] is String && $0[1] is String && $0[2] is String && $0[3] is Int }) else {
            throw LoopbackServer.ServerError(message: "fault proxy stats unreadable: \(text.prefix(200))")
        }
        return Stats(bodyBytes: bytes, kills: json["kills"] as? Int ?? 0, faults: faults,
                     responses: responses.map { ($0[0] as! String, $0[1] as! String, $0[2] as! String, $0[3] as! Int) })
    }

    static func get(port: Int, path: String) throws -> String {
        guard let socketFD = LoopbackPort.connected(to: port) else {
            throw LoopbackServer.ServerError(message: "connect to 127.0.0.1:\(port) failed")
        }
        defer { close(socketFD) }
        let request = Array("GET \(path) HTTP/1.0\r\n\r\n".utf8)
        guard request.withUnsafeBytes({ send(socketFD, $0.baseAddress, $0.count, 0) }) == request.count else {
            throw LoopbackServer.ServerError(message: "send failed")
        }
        var answer = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(socketFD, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            answer += buffer[0..<count]
        }
        return String(decoding: answer, as: UTF8.self)
    }
}
