/// One HTTP request, as the S3 backend builds, signs and sends it.
///
/// The path is kept already encoded (S3 keys are encoded once, by ``URIEncoding``); query
/// parameters are kept raw and encoded when the URL is built, the same way the signer encodes
/// them, so the URL sent and the request signed always agree.
public struct HTTPRequest: Sendable, Hashable {
    public var method: String
    /// `https` or `http`.
    public var scheme: String
    /// The host, with `:port` when the port is not the scheme's default (as the `Host` header says it).
    public var host: String
    /// The encoded path, starting with `/`.
    public var path: String
    /// Raw query parameters, in the order given (a parameter without a value has `""`).
    public var query: [QueryItem]
    /// Header fields in the order given. `Host` is implied by ``host`` and never listed here.
    public var headers: [HTTPHeader]
    /// A small request body (an STS form, for example); `nil` for none.
    public var body: [UInt8]?
    /// A limit on the whole exchange, for endpoints that must answer fast or be skipped (instance
    /// metadata); `nil` (the default) for none: bulk downloads are only cut off when they stall.
    public var timeout: Duration?
    /// Whether the request must go on a new connection, never one from the pool (to read again a
    /// body that failed its check: the connection that carried it may be the culprit).
    public var freshConnection = false
    /// Requests with the same value go to the same event loop while it has room: the ranges of one
    /// object, written into one file, then take turns on one thread, where from several they
    /// contend for the file (the kernel writes one inode at a time) and spin on a core the socket
    /// reads need. `nil` (the default): the least busy loop.
    public var loopAffinity: UInt64?

    public init(method: String, scheme: String = "https", host: String, path: String = "/",
                query: [QueryItem] = [], headers: [HTTPHeader] = [], body: [UInt8]? = nil, timeout: Duration? = nil) {
        self.method = method
        self.scheme = scheme
        self.host = host
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    /// The query string as sent: `name=value` pairs, each part URI-encoded, joined by `&`.
    public var encodedQuery: String {
        query.map { URIEncoding.encode($0.name) + "=" + URIEncoding.encode($0.value) }.joined(separator: "&")
    }

    /// The full URL: `scheme://host/path?query`.
    public var url: String {
        let encoded = query.isEmpty ? "" : encodedQuery
        var url = ""
        url.reserveCapacity(scheme.utf8.count + host.utf8.count + path.utf8.count + encoded.utf8.count + 4)
        url += scheme
        url += "://"
        url += host
        url += path
        if !query.isEmpty {
            url += "?"
            url += encoded
        }
        return url
    }

    /// The value of the first header named `name` (case-insensitive), if any.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.isSameHeaderName(as: name) }?.value
    }

    /// Sets (replacing every existing one) the header `name`.
    public mutating func setHeader(_ name: String, _ value: String) {
        if headers.contains(where: { $0.name.isSameHeaderName(as: name) }) {
            headers.removeAll { $0.name.isSameHeaderName(as: name) }
        }
        headers.append(HTTPHeader(name, value))
    }
}

/// One query parameter, raw (not encoded).
public struct QueryItem: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String = "") {
        self.name = name
        self.value = value
    }
}

/// One header field.
public struct HTTPHeader: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
