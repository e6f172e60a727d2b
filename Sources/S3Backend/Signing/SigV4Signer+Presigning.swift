import CurlHTTP
import FoundationEssentials
import ObjectStore

extension SigV4Signer {
    /// The longest validity S3 accepts for a presigned URL: seven days.
    public static let maximumPresignedExpiry: Duration = .seconds(604_800)

    /// The names of the query parameters that carry a query-string signature.
    static let presigningParameters: Set<String> = [
        "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires",
        "X-Amz-Security-Token", "X-Amz-SignedHeaders", "X-Amz-Signature",
    ]

    /// `request` signed in its query string (a presigned URL), so it can be sent by anyone, without
    /// headers, until it expires.
    ///
    /// The query gains `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-Expires`,
    /// `X-Amz-Security-Token` (temporary credentials), `X-Amz-SignedHeaders` and, last,
    /// `X-Amz-Signature`, replacing any earlier ones. The payload is `UNSIGNED-PAYLOAD`. `host` and
    /// the request's headers are signed; whoever sends the URL must send those headers unchanged.
    /// - Parameters:
    ///   - request: The request to presign; its path is encoded once, its query raw.
    ///   - date: The signing time; the URL works from then until `date + expires`.
    ///   - expires: How long the URL stays valid, in whole seconds: 1 second to 7 days.
    /// - Throws: ``ObjectStore/ObjectStoreError`` `invalidArgument` when `expires` is out of range.
    public func presignedRequest(for request: HTTPRequest, at date: Date, expires: Duration) throws -> HTTPRequest {
        try presigning(request, at: date, expires: expires).request
    }

    /// The URL of ``presignedRequest(for:at:expires:)``.
    /// - Throws: ``ObjectStore/ObjectStoreError`` `invalidArgument` when `expires` is out of range.
    public func presignedURL(for request: HTTPRequest, at date: Date, expires: Duration) throws -> String {
        try presignedRequest(for: request, at: date, expires: expires).url
    }

    /// Every step of presigning; `request` is the finished presigned request.
    func presigning(_ request: HTTPRequest, at date: Date, expires: Duration) throws -> Signing {
        let seconds = expires.components.seconds
        guard expires.components.attoseconds == 0, seconds >= 1,
              expires <= Self.maximumPresignedExpiry else {
            throw ObjectStoreError(.invalidArgument,
                                   "a presigned URL must expire after 1 second to 7 days, in whole seconds")
        }
        let timestamp = SigV4Timestamp(date)
        var request = request
        request.headers.removeAll { $0.name.lowercased() == "authorization" }
        request.query.removeAll { Self.presigningParameters.contains($0.name) }
        let signedHeaders = SigV4CanonicalRequest.signedHeaders(SigV4CanonicalRequest.canonicalHeaders(of: request))
        request.query += [
            QueryItem("X-Amz-Algorithm", Self.algorithm),
            QueryItem("X-Amz-Credential", credentials.accessKeyID + "/" + credentialScope(timestamp)),
            QueryItem("X-Amz-Date", timestamp.amzDate),
            QueryItem("X-Amz-Expires", String(seconds)),
        ]
        if let token = credentials.sessionToken {
            request.query.append(QueryItem("X-Amz-Security-Token", token))
        }
        request.query.append(QueryItem("X-Amz-SignedHeaders", signedHeaders))
        var signing = signing(prepared: request, timestamp: timestamp, payloadHash: Self.unsignedPayload)
        signing.request.query.append(QueryItem("X-Amz-Signature", signing.signature))
        return signing
    }
}
