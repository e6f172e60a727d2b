import CurlHTTP
import Foundation

/// A `.req` file of the SigV4 test vectors: an HTTP/1.1 request as text, before signing.
///
/// The request target shows the path and query *unencoded* (raw UTF-8, spaces, `$`), or in the
/// odd case percent-encoded; headers may repeat and may continue on folded lines that start with
/// blanks; the body follows an empty line.
struct RawHTTPRequest: Sendable {
    var method: String
    /// The request target exactly as written between the method and `HTTP/1.1`.
    var target: String
    /// Header fields in order, names as written, folded lines joined with a space.
    var headers: [HTTPHeader]
    var body: [UInt8]

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    init(parsing bytes: [UInt8]) throws {
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        guard let requestLine = lines.first,
              let firstSpace = requestLine.firstIndex(of: " "),
              let lastSpace = requestLine.lastIndex(of: " "), firstSpace < lastSpace else {
            throw ParseError(description: "no request line")
        }
        // The target may itself contain spaces (`GET /example space/ HTTP/1.1`).
        method = String(requestLine[..<firstSpace])
        target = String(requestLine[requestLine.index(after: firstSpace)..<lastSpace])
        headers = []
        var index = 1
        while index < lines.count, !lines[index].isEmpty {
            let line = lines[index]
            if line.first == " " || line.first == "\t" {
                // An obsolete line folding (RFC 7230 section 3.2.4): it stands for a space.
                guard !headers.isEmpty else { throw ParseError(description: "folded first header") }
                headers[headers.count - 1].value += " " + line
            } else {
                guard let colon = line.firstIndex(of: ":") else {
                    throw ParseError(description: "header without a colon: \(line)")
                }
                headers.append(HTTPHeader(String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
            index += 1
        }
        body = Array(lines.dropFirst(index + 1).joined(separator: "\n").utf8)
    }

    /// The `Host` header's value.
    var host: String {
        headers.first { $0.name.lowercased() == "host" }?.value ?? ""
    }

    /// The `X-Amz-Date` header as a date.
    var amzDate: Date {
        get throws {
            guard let text = headers.first(where: { $0.name.lowercased() == "x-amz-date" })?.value else {
                throw ParseError(description: "no X-Amz-Date header")
            }
            return try Self.date(amz: text)
        }
    }

    /// The path of the target, as written.
    var targetPath: String {
        String(target.prefix { $0 != "?" })
    }

    /// The query parameters of the target, decoded (raw, as ``CurlHTTP/HTTPRequest`` keeps them).
    var query: [QueryItem] {
        guard let mark = target.firstIndex(of: "?") else { return [] }
        let text = target[target.index(after: mark)...]
        guard !text.isEmpty else { return [] }
        return text.split(separator: "&", omittingEmptySubsequences: false).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            let value = parts.count > 1 ? String(parts[1]) : ""
            return QueryItem(name.removingPercentEncoding ?? name, value.removingPercentEncoding ?? value)
        }
    }

    /// The request as the S3 backend would build it for the object key the target names: the key
    /// is the target path decoded, then encoded once with
    /// `URIEncoding.encode(key, keepingSlashes: true)`.
    var s3Request: HTTPRequest {
        let key = targetPath.removingPercentEncoding ?? targetPath
        return httpRequest(path: URIEncoding.encode(key, keepingSlashes: true))
    }

    /// The request with the target's path taken verbatim, for the generic service mode.
    var verbatimRequest: HTTPRequest {
        httpRequest(path: targetPath)
    }

    private func httpRequest(path: String) -> HTTPRequest {
        HTTPRequest(method: method, host: host, path: path, query: query,
                    headers: headers.filter { $0.name.lowercased() != "host" },
                    body: body.isEmpty ? nil : body)
    }

    /// Parses `20150830T123600Z`.
    static func date(amz text: String) throws -> Date {
        let digits = Array(text.utf8)
        guard digits.count == 16, digits[8] == UInt8(ascii: "T"), digits[15] == UInt8(ascii: "Z") else {
            throw ParseError(description: "bad X-Amz-Date \(text)")
        }
        func number(_ range: Range<Int>) -> Int { Int(String(decoding: digits[range], as: UTF8.self)) ?? -1 }
        var components = DateComponents()
        components.year = number(0..<4)
        components.month = number(4..<6)
        components.day = number(6..<8)
        components.hour = number(9..<11)
        components.minute = number(11..<13)
        components.second = number(13..<15)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        guard let date = calendar.date(from: components) else {
            throw ParseError(description: "bad X-Amz-Date \(text)")
        }
        return date
    }
}
