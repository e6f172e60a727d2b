import CurlHTTP
import FoundationEssentials
import ObjectStore

/// Credentials from a container credential endpoint (ECS task roles, EKS Pod Identity).
///
/// The endpoint is `http://169.254.170.2` followed by `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`,
/// else `AWS_CONTAINER_CREDENTIALS_FULL_URI`. A full URI must be `https`, or `http` to a loopback
/// address (`127.0.0.0/8`, `::1`, `localhost`) or to one of the container hosts
/// (`169.254.170.2`, `169.254.170.23`, `fd00:ec2::23`), as in the AWS SDKs: credentials are never
/// fetched in the clear from anywhere else. The `Authorization` header is the content of
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read on every call, as it rotates), else
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
///
/// The answer is JSON: `AccessKeyId`, `SecretAccessKey`, `Token`, `Expiration`.
public struct ContainerCredentialProvider: CredentialProvider {
    /// How long one request may take before the provider gives up (the endpoint is local to the
    /// host, so a slow answer means it is not there).
    public static let defaultTimeLimit: Duration = .seconds(2)

    private let environment: [String: String]
    private let transport: any HTTPTransport
    private let timeLimit: Duration

    /// - Parameters:
    ///   - environment: the variables to read.
    ///   - transport: how the endpoint is reached.
    ///   - timeLimit: how long the request may take.
    public init(environment: [String: String], transport: any HTTPTransport,
                timeLimit: Duration = ContainerCredentialProvider.defaultTimeLimit) {
        self.environment = environment
        self.transport = transport
        self.timeLimit = timeLimit
    }

    /// - Returns: `nil` when neither URI variable is set.
    /// - Throws: ``ObjectStore/ObjectStoreError``:
    ///   - `misconfigured`: a URI that is malformed or not allowed, an unreadable token file, a
    ///     token with a line break, a 4xx answer, or an answer that is not a credential document;
    ///   - `network`: no answer within the time limit, or a 5xx answer.
    public func credentials() async throws -> AWSCredentials? {
        guard let endpoint = try endpoint() else { return nil }
        var request = endpoint.request("GET", headers: [HTTPHeader("Accept", "application/json")])
        if let token = try authorizationToken() { request.setHeader("Authorization", token) }
        let source = "the container credential endpoint \(endpoint)"
        let transport = self.transport
        let finished = request
        let response = try await withTimeLimit(timeLimit, source) { try await transport.send(finished) }
        guard response.status == 200 else {
            let code: ObjectStoreError.Code = response.status >= 500 || response.status == 429 ? .network : .misconfigured
            throw ObjectStoreError(code, "\(source) answered with HTTP status \(response.status)",
                                   cause: .init(domain: "http", code: String(response.status)))
        }
        return try CredentialDocument.decode(response.body, source: source).credentials(source: source)
    }

    public var sourceDescription: String {
        "container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, AWS_CONTAINER_CREDENTIALS_FULL_URI)"
    }

    /// The endpoint the environment names, if any.
    func endpoint() throws -> ServiceEndpoint? {
        if let relative = AWSEnvironment.value("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", in: environment) {
            let path = relative.hasPrefix("/") ? relative : "/" + relative
            guard let endpoint = ServiceEndpoint("http://169.254.170.2" + path) else {
                throw ObjectStoreError(.misconfigured, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI is not a URL path")
            }
            return endpoint
        }
        guard let full = AWSEnvironment.value("AWS_CONTAINER_CREDENTIALS_FULL_URI", in: environment) else { return nil }
        guard let endpoint = ServiceEndpoint(full) else {
            throw ObjectStoreError(.misconfigured, "AWS_CONTAINER_CREDENTIALS_FULL_URI is not an http(s) URL")
        }
        guard endpoint.scheme == "https" || Self.isAllowedPlainHost(endpoint.hostName) else {
            throw ObjectStoreError(
                .misconfigured,
                "AWS_CONTAINER_CREDENTIALS_FULL_URI must use https unless it points at a loopback or container host")
        }
        return endpoint
    }

    /// Whether credentials may be fetched over plain `http` from `host`.
    static func isAllowedPlainHost(_ host: String) -> Bool {
        if ["localhost", "::1", "169.254.170.2", "169.254.170.23", "fd00:ec2::23"].contains(host) { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// The `Authorization` value: the token file's content, else the token variable.
    private func authorizationToken() throws -> String? {
        var token: String?
        if let file = AWSEnvironment.value("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", in: environment) {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ObjectStoreError(.misconfigured, "cannot read the container authorization token file \(file)")
            }
            token = String(decoding: data, as: UTF8.self).trimmingWhitespace()
        } else {
            token = AWSEnvironment.value("AWS_CONTAINER_AUTHORIZATION_TOKEN", in: environment)
        }
        guard let token, !token.isEmpty else { return nil }
        guard !token.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) else {
            throw ObjectStoreError(.misconfigured, "the container authorization token contains a line break")
        }
        return token
    }
}
