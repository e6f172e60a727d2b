/// The status line and headers of a response.
public struct HTTPResponseHead: Sendable, Hashable {
    /// The status code (200, 206, 404, ...).
    public var status: Int
    /// Header fields as received, in order.
    public var headers: [HTTPHeader]

    public init(status: Int, headers: [HTTPHeader] = []) {
        self.status = status
        self.headers = headers
    }

    /// The value of the first header named `name` (case-insensitive), if any.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.isSameHeaderName(as: name) }?.value
    }
}

/// A whole response with a small body, collected in memory.
public struct HTTPResponse: Sendable, Hashable {
    public var head: HTTPResponseHead
    public var body: [UInt8]

    public init(head: HTTPResponseHead, body: [UInt8] = []) {
        self.head = head
        self.body = body
    }

    public var status: Int { head.status }
}

/// Sends requests whose answers are small enough to collect (listings, errors, credentials).
public protocol HTTPTransport: Sendable {
    /// Sends `request` and collects the whole response.
    ///
    /// - Throws: ``ObjectStore/ObjectStoreError`` `network` when no response arrived (connection
    ///   refused, timeout, reset), with the curl code as the cause. An HTTP error status is a
    ///   response, not a throw.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
