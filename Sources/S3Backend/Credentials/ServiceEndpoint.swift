import CurlHTTP
import FoundationEssentials

/// A base URL such as `http://169.254.169.254` or `https://sts.eu-west-1.amazonaws.com/prefix`,
/// split into the parts an ``CurlHTTP/HTTPRequest`` needs.
struct ServiceEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// `http` or `https`.
    var scheme: String
    /// The authority as the `Host` header says it: `host`, `host:port`, `[::1]:port`.
    var authority: String
    /// The path as given (often empty); request paths are appended to it.
    var basePath: String
    /// Query parameters of the URL, decoded (usually none).
    var query: [QueryItem]

    /// Parses `text`; `nil` unless it is `http://` or `https://` followed by a host.
    init?(_ text: String) {
        guard let separator = text.firstRange(of: "://") else { return nil }
        let scheme = text[..<separator.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        var rest = text[separator.upperBound...]
        if let fragment = rest.firstIndex(of: "#") { rest = rest[..<fragment] }
        var query: [QueryItem] = []
        if let mark = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: mark)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard let name = String(parts[0]).removingPercentEscapes(),
                      let value = String(parts.count > 1 ? parts[1] : "").removingPercentEscapes() else { return nil }
                query.append(QueryItem(name, value))
            }
            rest = rest[..<mark]
        }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = String(rest[..<slash])
        guard !authority.isEmpty, !authority.contains("@"), !authority.contains(where: \.isWhitespace) else {
            return nil
        }
        let path = String(rest[slash...])
        self.scheme = scheme
        self.authority = authority
        self.basePath = path
        self.query = query
    }

    /// The host without port or IPv6 brackets, lower-cased: `169.254.170.2`, `::1`, `localhost`.
    var hostName: String {
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            return authority[authority.index(after: authority.startIndex)..<close].lowercased()
        }
        if let colon = authority.lastIndex(of: ":") { return authority[..<colon].lowercased() }
        return authority.lowercased()
    }

    /// The URL without its query (which may carry a token).
    var description: String { scheme + "://" + authority + basePath }

    /// A request for `path` (already encoded, starting with `/`) under the base path; with no
    /// `path`, for the base path itself.
    func request(_ method: String, path: String = "", query: [QueryItem] = [],
                 headers: [HTTPHeader] = [], body: [UInt8]? = nil) -> HTTPRequest {
        var fullPath = basePath
        if fullPath.hasSuffix("/") && path.hasPrefix("/") { fullPath.removeLast() }
        fullPath += path
        if fullPath.isEmpty { fullPath = "/" }
        return HTTPRequest(method: method, scheme: scheme, host: authority, path: fullPath,
                           query: self.query + query, headers: headers, body: body)
    }
}
