/// One place AWS credentials can come from (the environment, a profile, instance metadata, ...).
///
/// A provider answers three ways, and ``CredentialChain`` relies on the difference:
/// - credentials: found them;
/// - `nil`: this source is not configured here, so the chain tries the next one;
/// - a throw: this source is configured but broken (half a key pair, a failing
///   `credential_process`, an STS refusal). The chain stops with that error rather than falling
///   through to a source the user did not mean.
///
/// Providers take their environment as an injected `[String: String]`; none reads the process
/// environment itself.
public protocol CredentialProvider: Sendable {
    /// Looks for credentials in this source.
    ///
    /// - Returns: the credentials, or `nil` when this source is not configured.
    /// - Throws: ``ObjectStore/ObjectStoreError`` when the source is configured but unusable:
    ///   `misconfigured`, `accessDenied`, `network`, `throttled` (see each provider).
    func credentials() async throws -> AWSCredentials?

    /// Where this provider looks, for the "no credentials" message: for example
    /// `environment (AWS_ACCESS_KEY_ID)`. It never contains a secret.
    var sourceDescription: String { get }
}

extension CredentialProvider {
    /// The type's name, for providers that do not describe themselves.
    public var sourceDescription: String { String(describing: Self.self) }
}
