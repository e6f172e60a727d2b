import CurlHTTP
import FoundationEssentials
import Logging
import ObjectStore

/// Finds AWS credentials the way the AWS SDKs do: asks each source in turn and takes the first
/// that has some.
///
/// The standard order (``standard(environment:profile:anonymous:home:transport:logger:)``) is:
/// environment variables, the shared credentials and config files, a web identity token, a
/// container credential endpoint, EC2 instance metadata. A source that is configured but broken
/// stops the search with its error rather than letting a later source sign as someone else.
///
/// `--no-sign-request` is ``isAnonymous``: no source is asked and requests go unsigned.
public struct CredentialChain: Sendable {
    /// The sources, in the order they are asked.
    public var providers: [any CredentialProvider]
    /// Whether requests go unsigned (`--no-sign-request`); then no provider is asked.
    public var isAnonymous: Bool
    private let logger: Logger

    /// A chain of `providers`, asked in order.
    public init(providers: [any CredentialProvider], anonymous: Bool = false,
                logger: Logger = Logger(label: "s3clone.credentials", factory: { _ in SwiftLogNoOpLogHandler() })) {
        self.providers = providers
        self.isAnonymous = anonymous
        self.logger = logger
    }

    /// The AWS SDKs' chain.
    ///
    /// - Parameters:
    ///   - environment: the variables every source reads (pass the process's own from the CLI; a
    ///     test passes its own, with `AWS_EC2_METADATA_DISABLED=true` or a loopback endpoint).
    ///   - profile: the `--profile` value, if given. It also sets aside credentials in the
    ///     environment, as in the AWS CLI (`AWS_PROFILE` does not).
    ///   - anonymous: `--no-sign-request`.
    ///   - home: the home directory for `~/.aws`; `nil` takes `HOME` from `environment`.
    ///   - transport: how STS and the credential endpoints are reached.
    ///   - logger: told at debug level which source answered (never the credentials).
    public static func standard(environment: [String: String], profile: String? = nil, anonymous: Bool = false,
                                home: String? = nil, transport: any HTTPTransport,
                                logger: Logger = Logger(label: "s3clone.credentials", factory: { _ in SwiftLogNoOpLogHandler() }))
        -> CredentialChain {
        let selection = ProfileSelection(option: profile, environment: environment)
        var providers: [any CredentialProvider] = []
        if !selection.isFromOption {
            providers.append(EnvironmentCredentialProvider(environment: environment))
        }
        providers += [
            ProfileCredentialProvider(environment: environment, selection: selection, home: home, transport: transport),
            WebIdentityCredentialProvider(environment: environment, profile: selection.name, home: home,
                                          transport: transport),
            ContainerCredentialProvider(environment: environment, transport: transport),
            InstanceMetadataCredentialProvider(environment: environment, transport: transport),
        ]
        return CredentialChain(providers: providers, anonymous: anonymous, logger: logger)
    }

    /// Credentials that keep themselves fresh: the first source's, refreshed from that same
    /// source before they expire. `nil` for `--no-sign-request`.
    ///
    /// - Throws: ``ObjectStore/ObjectStoreError`` `noCredentials` (``noCredentialsError``) when no
    ///   source is configured, or the first broken source's error.
    ///
    /// - Parameter now: the wall clock the expirations are compared with.
    public func refreshingCredentials(now: @escaping @Sendable () -> Date = { Date() }) async throws -> RefreshingCredentials? {
        if isAnonymous { return nil }
        let match = try await firstMatch()
        return RefreshingCredentials(provider: match.provider, initial: match.credentials, now: now)
    }

    /// The first source with credentials, and its credentials.
    func firstMatch() async throws -> (provider: any CredentialProvider, credentials: AWSCredentials) {
        for provider in providers {
            if let credentials = try await provider.credentials() {
                logger.debug("AWS credentials from \(provider.sourceDescription)")
                return (provider, credentials)
            }
        }
        throw noCredentialsError
    }

    /// The error when no source is configured, naming each place looked.
    ///
    /// Its code, `noCredentials`, is shared with a source that stops having credentials on a
    /// refresh; its cause, ``noSourceCause``, is what tells it apart (a caller that offers unsigned
    /// access, like the CLI's `--no-sign-request`, can say so then).
    public var noCredentialsError: ObjectStoreError {
        ObjectStoreError(
            .noCredentials,
            "no AWS credentials found; looked in: " + providers.map(\.sourceDescription).joined(separator: ", "),
            cause: Self.noSourceCause)
    }

    /// The ``ObjectStore/ObjectStoreError/cause`` of ``noCredentialsError``: no source was configured.
    public static let noSourceCause = ObjectStoreError.Cause(domain: "credentials", code: "noSource")
}
