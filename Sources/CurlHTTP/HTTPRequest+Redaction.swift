extension HTTPRequest: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Header fields whose values are credentials: shown as `<redacted>`. The instance metadata
    /// session token is one too: for its six hours it fetches the instance role's keys.
    public static let redactedHeaderNames: Set<String> = [
        "authorization", "proxy-authorization", "x-amz-security-token", "x-aws-ec2-metadata-token",
    ]

    /// Query parameters whose values are credentials or signatures (a presigned URL is a
    /// password until it expires): shown as `<redacted>`.
    public static let redactedQueryNames: Set<String> = [
        "x-amz-credential", "x-amz-security-token", "x-amz-signature",
    ]

    /// ``url`` with the values of ``redactedQueryNames`` replaced by `<redacted>`: safe to log.
    public var redactedURL: String {
        let base = scheme + "://" + host + path
        guard !query.isEmpty else { return base }
        return base + "?" + query.map { item in
            let value = Self.redactedQueryNames.contains(item.name.lowercased())
                ? "<redacted>" : URIEncoding.encode(item.value)
            return URIEncoding.encode(item.name) + "=" + value
        }.joined(separator: "&")
    }

    /// The headers, with the values of ``redactedHeaderNames`` replaced by `<redacted>`.
    public var redactedHeaders: [HTTPHeader] {
        headers.map { header in
            Self.redactedHeaderNames.contains(header.name.lowercased())
                ? HTTPHeader(header.name, "<redacted>") : header
        }
    }

    /// `METHOD url` and the headers, credentials and signatures redacted, body as a byte count:
    /// requests end up in logs and error messages, secrets must not.
    public var description: String {
        var text = method + " " + redactedURL
        for header in redactedHeaders {
            text += "\n" + header.name + ": " + header.value
        }
        if let body { text += "\n(body: \(body.count) bytes)" }
        return text
    }

    /// The same as ``description``.
    public var debugDescription: String { description }

    /// A mirror with the same redactions, so `dump` and reflection cannot show secrets either.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "method": method,
            "url": redactedURL,
            "headers": redactedHeaders.map { $0.name + ": " + $0.value },
            "body": body.map { "\($0.count) bytes" } ?? "none",
        ], displayStyle: .struct)
    }
}
