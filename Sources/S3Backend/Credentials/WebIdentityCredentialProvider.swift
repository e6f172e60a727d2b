import CurlHTTP
import ObjectStore

/// Credentials for a role assumed with a web identity token named by the environment:
/// `AWS_WEB_IDENTITY_TOKEN_FILE` and `AWS_ROLE_ARN`, with `AWS_ROLE_SESSION_NAME` optional
/// (EKS "IAM roles for service accounts").
///
/// STS is reached through the injected transport, at the endpoint
/// `WebIdentityRole.endpoint(environment:config:profile:)` picks: overrides from the environment
/// or the profile, else the region's (`AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`).
public struct WebIdentityCredentialProvider: CredentialProvider {
    private let environment: [String: String]
    private let profile: String
    private let home: String?
    private let transport: any HTTPTransport

    /// - Parameters:
    ///   - environment: the variables to read.
    ///   - profile: the shared-config profile to read a region or STS endpoint from.
    ///   - home: the home directory for `~/.aws`; `nil` takes `HOME` from `environment`.
    ///   - transport: how STS is reached.
    public init(environment: [String: String], profile: String = "default", home: String? = nil,
                transport: any HTTPTransport) {
        self.environment = environment
        self.profile = profile
        self.home = home
        self.transport = transport
    }

    /// - Returns: `nil` when `AWS_WEB_IDENTITY_TOKEN_FILE` is unset.
    /// - Throws: ``ObjectStore/ObjectStoreError`` `misconfigured` when the token file is set
    ///   without `AWS_ROLE_ARN` or cannot be read; otherwise what the STS call throws
    ///   (`accessDenied`, `throttled`, `network`, `misconfigured`).
    public func credentials() async throws -> AWSCredentials? {
        guard let tokenFile = AWSEnvironment.value("AWS_WEB_IDENTITY_TOKEN_FILE", in: environment) else { return nil }
        guard let roleARN = AWSEnvironment.value("AWS_ROLE_ARN", in: environment) else {
            throw ObjectStoreError(.misconfigured, "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not")
        }
        // The shared files only add a region or an endpoint here; when they cannot be read the
        // profile provider has already reported it, so fall back to the defaults.
        let config = try? SharedConfig.load(environment: environment, home: home)
        let role = WebIdentityRole(
            tokenFile: tokenFile, roleARN: roleARN,
            sessionName: AWSEnvironment.value("AWS_ROLE_SESSION_NAME", in: environment)
                ?? WebIdentityRole.defaultSessionName(),
            endpoint: try WebIdentityRole.endpoint(environment: environment, config: config, profile: profile))
        return try await role.credentials(transport: transport)
    }

    public var sourceDescription: String { "web identity (AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN)" }
}
