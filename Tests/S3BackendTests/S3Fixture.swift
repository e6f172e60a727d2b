import CurlHTTP
import Foundation
import TestSupport

/// One case of `Tests/Fixtures/s3-responses`: a `.headers` file (status line, then `Name: value`
/// lines) and, when the case has one, the body from `.xml` or `.body`.
struct S3Fixture: Sendable, CustomStringConvertible {
    var name: String
    var head: HTTPResponseHead
    /// Empty when the case has no body file.
    var body: [UInt8]
    /// Whether a `.xml` or `.body` file exists.
    var hasBody: Bool

    var description: String { name }

    var response: HTTPResponse { HTTPResponse(head: head, body: body) }

    /// `Tests/Fixtures/s3-responses`.
    static let directory = HostileKey.fixturesDirectory + "/s3-responses"

    /// Loads the case `name` (the file name without extension).
    static func load(_ name: String) throws -> S3Fixture {
        let headers = try String(contentsOfFile: "\(directory)/\(name).headers", encoding: .utf8)
        var body: [UInt8] = []
        var hasBody = false
        for ext in ["xml", "body"] {
            if let data = FileManager.default.contents(atPath: "\(directory)/\(name).\(ext)") {
                body = Array(data)
                hasBody = true
            }
        }
        return S3Fixture(name: name, head: try parseHead(headers), body: body, hasBody: hasBody)
    }

    /// The names of every case whose name starts with `prefix`, sorted.
    static func names(prefix: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".headers") }
            .map { String($0.dropLast(".headers".count)) }
            .sorted()
    }

    struct MalformedHeaders: Error, CustomStringConvertible {
        var line: String
        var description: String { "malformed header line: \(line.debugDescription)" }
    }

    /// Parses `HTTP/1.1 200 OK` and the `Name: value` lines after it.
    static func parseHead(_ text: String) throws -> HTTPResponseHead {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).makeIterator()
        guard let statusLine = lines.next() else { throw MalformedHeaders(line: "") }
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]) else {
            throw MalformedHeaders(line: String(statusLine))
        }
        var headers: [HTTPHeader] = []
        while let line = lines.next() {
            guard let colon = line.firstIndex(of: ":") else { throw MalformedHeaders(line: String(line)) }
            let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            headers.append(HTTPHeader(String(line[..<colon]), String(value)))
        }
        return HTTPResponseHead(status: status, headers: headers)
    }
}
