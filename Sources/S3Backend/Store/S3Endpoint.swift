import CurlHTTP
import ObjectStore

/// Where a bucket's requests go: AWS (virtual-hosted by default) or a custom endpoint (path style
/// by default), and how a key becomes a request path.
public struct S3Endpoint: Sendable, Hashable {
    /// How the bucket appears in requests.
    public enum Addressing: String, Sendable, Hashable {
        /// Whatever suits the endpoint: virtual-hosted for AWS (path style for bucket names with a
        /// dot, which TLS certificates cannot cover), path style for custom endpoints.
        case automatic
        /// `https://host/bucket/key`.
        case path
        /// `https://bucket.host/key`.
        case virtualHosted
    }

    /// `https` or `http`.
    public var scheme: String
    /// A custom endpoint's host (with `:port`); `nil` for AWS, whose host follows the region.
    public var customHost: String?
    /// A path the custom endpoint lives under (usually empty).
    public var basePath: String
    public var addressing: Addressing

    /// AWS S3, addressed as the bucket name requires.
    public static let aws = S3Endpoint(scheme: "https", customHost: nil, basePath: "", addressing: .automatic)

    public init(scheme: String, customHost: String?, basePath: String = "", addressing: Addressing = .automatic) {
        self.scheme = scheme
        self.customHost = customHost
        self.basePath = basePath
        self.addressing = addressing
    }

    /// Parses `--endpoint-url` (`https://host[:port][/base]`).
    ///
    /// - Throws: `invalidArgument` for anything but an `http` or `https` URL with a host.
    public init(url: String, addressing: Addressing = .automatic) throws {
        guard let schemeEnd = url.firstRange(of: "://") else {
            throw ObjectStoreError(.invalidArgument, "endpoint '\(url.escapedForDisplay)' is not a URL (expected https://host[:port])")
        }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else {
            throw ObjectStoreError(.invalidArgument, "endpoint '\(url.escapedForDisplay)' must use http or https")
        }
        var rest = Substring(url[schemeEnd.upperBound...])
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        let host = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        guard !host.isEmpty, !host.contains("@"), !host.contains("?"), !host.contains("#") else {
            throw ObjectStoreError(.invalidArgument, "endpoint '\(url.escapedForDisplay)' has no usable host")
        }
        let base = rest.dropFirst(host.count)
        self.init(scheme: scheme, customHost: Self.withoutDefaultPort(host, scheme: scheme), basePath: String(base), addressing: addressing)
    }

    /// Whether requests put the bucket in the host name.
    public func usesVirtualHost(bucket: String) -> Bool {
        switch addressing {
        case .path: return false
        case .virtualHosted: return true
        case .automatic: return customHost == nil && !bucket.contains(".")
        }
    }

    /// The host for `bucket` in `region`.
    public func host(bucket: String, region: String) -> String {
        let base = customHost ?? "s3.\(region).amazonaws.com"
        return usesVirtualHost(bucket: bucket) ? "\(bucket).\(base)" : base
    }

    /// The encoded request path of `key` (an empty key addresses the bucket itself).
    public func path(bucket: String, key: String) -> String {
        let encodedKey = URIEncoding.encode(key, keepingSlashes: true)
        if usesVirtualHost(bucket: bucket) { return basePath + "/" + encodedKey }
        return basePath + "/" + URIEncoding.encode(bucket) + "/" + encodedKey
    }

    /// A request for `key` of `bucket` (not yet signed).
    public func request(_ method: String, bucket: String, region: String, key: String = "", query: [QueryItem] = []) -> HTTPRequest {
        var request = HTTPRequest(method: method, scheme: scheme, host: host(bucket: bucket, region: region),
                                  path: path(bucket: bucket, key: key), query: query)
        // Room for what is added before sending (Range, If-Match, the signing headers) at once.
        request.headers.reserveCapacity(8)
        return request
    }

    static func withoutDefaultPort(_ host: String, scheme: String) -> String {
        if scheme == "https", host.hasSuffix(":443") { return String(host.dropLast(4)) }
        if scheme == "http", host.hasSuffix(":80") { return String(host.dropLast(3)) }
        return host
    }
}
