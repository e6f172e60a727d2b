import CurlHTTP
import FoundationEssentials
import ObjectStore

/// One `AssumeRoleWithWebIdentity` call: trade the token in a file (a Kubernetes service account
/// token, for example) for temporary credentials of a role.
///
/// The call is not signed (the token is the proof). It is a `POST` of a form, so the token never
/// appears in a URL. The token file is read on every call because its owner rotates it.
struct WebIdentityRole: Sendable, Hashable {
    /// The file holding the token.
    var tokenFile: String
    /// The role to assume.
    var roleARN: String
    /// The name the session gets in CloudTrail.
    var sessionName: String
    /// The STS endpoint.
    var endpoint: ServiceEndpoint

    /// Calls STS.
    ///
    /// - Throws: ``ObjectStore/ObjectStoreError``:
    ///   - `misconfigured`: the token file cannot be read or is empty; STS refused the request as
    ///     malformed; the answer cannot be parsed.
    ///   - `accessDenied`: STS refused the token or the role (`AccessDenied`,
    ///     `InvalidIdentityToken`, `ExpiredTokenException`, `IDPRejectedClaim`).
    ///   - `throttled`, `network`: STS asked to slow down, failed (5xx,
    ///     `IDPCommunicationError`), or could not be reached.
    func credentials(transport: any HTTPTransport) async throws -> AWSCredentials {
        let token = try readToken()
        let form: [(String, String)] = [
            ("Action", "AssumeRoleWithWebIdentity"),
            ("Version", "2011-06-15"),
            ("RoleArn", roleARN),
            ("RoleSessionName", sessionName),
            ("WebIdentityToken", token),
        ]
        let body = form.map { URIEncoding.encode($0.0) + "=" + URIEncoding.encode($0.1) }.joined(separator: "&")
        let request = endpoint.request(
            "POST",
            headers: [
                HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
                HTTPHeader("Accept", "application/xml"),
            ],
            body: Array(body.utf8))
        let response = try await transport.send(request)
        let text = String(decoding: response.body, as: UTF8.self)
        guard response.status == 200 else { throw Self.failure(status: response.status, body: text, role: roleARN) }
        return try STSResponse.credentials(in: text, source: "STS AssumeRoleWithWebIdentity for \(roleARN)")
    }

    private func readToken() throws -> String {
        guard let data = FileManager.default.contents(atPath: tokenFile) else {
            throw ObjectStoreError(.misconfigured, "cannot read the web identity token file \(tokenFile)")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingWhitespace()
        guard !token.isEmpty else {
            throw ObjectStoreError(.misconfigured, "the web identity token file \(tokenFile) is empty")
        }
        return token
    }

    /// The error for an STS answer other than 200.
    static func failure(status: Int, body: String, role: String) -> ObjectStoreError {
        let what = "STS AssumeRoleWithWebIdentity for \(role)"
        guard let error = STSResponse.error(in: body) else {
            let code: ObjectStoreError.Code = status >= 500 ? .network : status == 429 ? .throttled : .misconfigured
            return ObjectStoreError(code, "\(what) failed with HTTP status \(status)",
                                    cause: .init(domain: "http", code: String(status)))
        }
        let code: ObjectStoreError.Code
        switch error.code {
        case "AccessDenied", "InvalidIdentityToken", "ExpiredTokenException", "IDPRejectedClaim",
             "InvalidClientTokenId":
            code = .accessDenied
        case "Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException":
            code = .throttled
        case "IDPCommunicationError", "InternalFailure", "ServiceUnavailable":
            code = .network
        default:
            code = status >= 500 ? .network : .misconfigured
        }
        return ObjectStoreError(code, "\(what) was refused",
                                cause: .init(domain: "sts", code: error.code, detail: error.message))
    }

    /// The STS endpoint: `AWS_ENDPOINT_URL_STS` or `AWS_ENDPOINT_URL`, else the profile's
    /// configured STS endpoint, else the regional one (`https://sts.REGION.amazonaws.com`, or
    /// `.amazonaws.com.cn` in China), else the global `https://sts.amazonaws.com`.
    ///
    /// - Throws: ``ObjectStore/ObjectStoreError`` `misconfigured` for an override that is not an
    ///   `http(s)://host` URL.
    static func endpoint(environment: [String: String], config: SharedConfig?, profile: String) throws -> ServiceEndpoint {
        let configured = AWSEnvironment.endpointURL(service: "STS", in: environment)
            ?? config?.endpointURL(service: "sts", profile: profile)
        if let configured {
            guard let endpoint = ServiceEndpoint(configured) else {
                throw ObjectStoreError(.misconfigured, "the STS endpoint URL \(configured) is not an http(s) URL")
            }
            return endpoint
        }
        let region = AWSEnvironment.region(in: environment) ?? config?.region(profile: profile)
        guard let region, region.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
            return ServiceEndpoint("https://sts.amazonaws.com")!
        }
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        return ServiceEndpoint("https://sts.\(region).\(suffix)")!
    }

    /// The session name when none is configured: `s3clone-` and the Unix time.
    static func defaultSessionName(now: Date = Date()) -> String {
        "s3clone-\(Int(now.timeIntervalSince1970))"
    }
}
