import CurlHTTP
import FoundationEssentials
import ObjectStore

/// Credentials of the EC2 instance's IAM role, from the instance metadata service (IMDSv2).
///
/// Three requests, each with a short time limit:
/// 1. `PUT /latest/api/token` with `X-aws-ec2-metadata-token-ttl-seconds: 21600` for a session
///    token;
/// 2. `GET /latest/meta-data/iam/security-credentials/` for the role name;
/// 3. `GET /latest/meta-data/iam/security-credentials/ROLE` for the JSON credentials (`Code` must
///    be `Success`).
/// Requests 2 and 3 carry the token in `X-aws-ec2-metadata-token`.
///
/// The endpoint is `http://169.254.169.254`, `http://[fd00:ec2::254]` when
/// `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE` is `IPv6`, or `AWS_EC2_METADATA_SERVICE_ENDPOINT`.
/// `AWS_EC2_METADATA_DISABLED=true` turns the provider off without any request.
///
/// Off EC2 the first request goes unanswered: that is "not configured", not an error, and costs
/// at most ``defaultTimeLimit``. IMDSv1 (requests without a token) is not used.
public struct InstanceMetadataCredentialProvider: CredentialProvider {
    /// How long each request may take. The SDKs use one second: the service is on the instance
    /// itself, so a slow answer means it is not there. Enforced here until the transport takes a
    /// timeout of its own.
    public static let defaultTimeLimit: Duration = .seconds(1)
    /// The lifetime asked for the session token, in seconds (six hours, the maximum).
    public static let tokenTTLSeconds = 21_600

    private let environment: [String: String]
    private let transport: any HTTPTransport
    private let timeLimit: Duration

    /// - Parameters:
    ///   - environment: the variables to read.
    ///   - transport: how the metadata service is reached.
    ///   - timeLimit: how long each request may take.
    public init(environment: [String: String], transport: any HTTPTransport,
                timeLimit: Duration = InstanceMetadataCredentialProvider.defaultTimeLimit) {
        self.environment = environment
        self.transport = transport
        self.timeLimit = timeLimit
    }

    /// Whether `AWS_EC2_METADATA_DISABLED` turns the provider off.
    public var isDisabled: Bool { AWSEnvironment.isTrue("AWS_EC2_METADATA_DISABLED", in: environment) }

    /// - Returns: `nil` when disabled, when no token is granted (not on EC2, or the service is
    ///   off), or when the instance has no role.
    /// - Throws: ``ObjectStore/ObjectStoreError``:
    ///   - `misconfigured`: a malformed endpoint override; an answer with `Code` other than
    ///     `Success` or that is not a credential document;
    ///   - `network`: the service granted a token, then failed or stopped answering.
    public func credentials() async throws -> AWSCredentials? {
        if isDisabled { return nil }
        let endpoint = try self.endpoint()
        guard let token = try await sessionToken(endpoint) else { return nil }
        let base = "/latest/meta-data/iam/security-credentials/"
        let tokenHeader = HTTPHeader("X-aws-ec2-metadata-token", token)

        let list = try await send(endpoint.request("GET", path: base, headers: [tokenHeader]))
        if list.status == 404 { return nil }
        try check(list, "the instance metadata role list")
        let roles = String(decoding: list.body, as: UTF8.self).split(whereSeparator: \.isNewline)
        guard let role = roles.first.map({ String($0.trimmingHeaderWhitespace()) }), !role.isEmpty else {
            return nil
        }

        let source = "the instance metadata credentials of role \(role)"
        let answer = try await send(endpoint.request(
            "GET", path: base + URIEncoding.encode(role), headers: [tokenHeader]))
        try check(answer, source)
        let document = try CredentialDocument.decode(answer.body, source: source)
        if let code = document.code, code != "Success" {
            throw ObjectStoreError(.misconfigured, "\(source) are unavailable",
                                   cause: .init(domain: "imds", code: code, detail: document.message))
        }
        return try document.credentials(source: source)
    }

    public var sourceDescription: String {
        if isDisabled { return "EC2 instance metadata (disabled)" }
        guard let endpoint = try? endpoint() else { return "EC2 instance metadata (invalid endpoint)" }
        return "EC2 instance metadata (\(endpoint))"
    }

    /// The metadata service's base URL.
    func endpoint() throws -> ServiceEndpoint {
        if let url = AWSEnvironment.value("AWS_EC2_METADATA_SERVICE_ENDPOINT", in: environment) {
            guard let endpoint = ServiceEndpoint(url) else {
                throw ObjectStoreError(.misconfigured, "AWS_EC2_METADATA_SERVICE_ENDPOINT is not an http(s) URL")
            }
            return endpoint
        }
        let mode = AWSEnvironment.value("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", in: environment)?.lowercased()
        return ServiceEndpoint(mode == "ipv6" ? "http://[fd00:ec2::254]" : "http://169.254.169.254")!
    }

    /// An IMDSv2 session token, or `nil` when the service does not answer or grants none.
    private func sessionToken(_ endpoint: ServiceEndpoint) async throws -> String? {
        let request = endpoint.request("PUT", path: "/latest/api/token", headers: [
            HTTPHeader("X-aws-ec2-metadata-token-ttl-seconds", String(Self.tokenTTLSeconds)),
        ])
        let response: HTTPResponse
        do {
            response = try await send(request)
        } catch let error as ObjectStoreError where error.code == .network {
            return nil
        }
        guard response.status == 200 else { return nil }
        let token = String(decoding: response.body, as: UTF8.self).trimmingWhitespace()
        return token.isEmpty ? nil : token
    }

    private func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let transport = self.transport
        return try await withTimeLimit(timeLimit, "the EC2 instance metadata service") {
            try await transport.send(request)
        }
    }

    private func check(_ response: HTTPResponse, _ what: String) throws {
        guard response.status == 200 else {
            throw ObjectStoreError(.network, "\(what): HTTP status \(response.status)",
                                   cause: .init(domain: "http", code: String(response.status)))
        }
    }
}
