import CurlHTTP
import FoundationEssentials
import Logging
import ObjectStore

/// How to reach S3, as the user asked (flags) and as the environment says: everything needed to
/// open an ``S3Store`` besides the bucket.
public struct S3AccessOptions: Sendable {
    /// `--endpoint-url`; else `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL`; else AWS.
    public var endpointURL: String?
    /// `--region`; else `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`; else discovered.
    public var region: String?
    /// `--profile`; else `AWS_PROFILE`; else `default`.
    public var profile: String?
    /// `--no-sign-request`: send requests unsigned and look for no credentials.
    public var anonymous: Bool
    public var addressing: S3Endpoint.Addressing
    /// `--ca-bundle`; else `AWS_CA_BUNDLE`.
    public var caBundlePath: String?
    /// `--request-payer`.
    public var requestPayer: Bool
    /// Requests in flight at once, at most: the connection pool's size (the transfer's
    /// `ConcurrencyLimit.connections`).
    public var connections: Int
    /// `--stall-timeout`: a response that delivers under one byte per second for this long fails
    /// (transiently, so it is retried on a fresh connection).
    public var stallTimeout: Duration

    public init(endpointURL: String? = nil, region: String? = nil, profile: String? = nil, anonymous: Bool = false,
                addressing: S3Endpoint.Addressing = .automatic, caBundlePath: String? = nil, requestPayer: Bool = false,
                connections: Int, stallTimeout: Duration = .seconds(30)) {
        self.endpointURL = endpointURL
        self.region = region
        self.profile = profile
        self.anonymous = anonymous
        self.addressing = addressing
        self.caBundlePath = caBundlePath
        self.requestPayer = requestPayer
        self.connections = connections
        self.stallTimeout = stallTimeout
    }

    /// Opens the store for `bucket` rooted at `prefix`: picks the endpoint and the region, finds
    /// credentials (in the AWS SDKs' order) and keeps them fresh.
    ///
    /// - Parameters:
    ///   - environment: the process environment (injected, so tests control it).
    ///   - home: where `~/.aws` is; `nil` takes `HOME` from `environment`.
    ///   - retrying: the run's retry loop, which the store's requests share with the transfer.
    /// - Throws: ``ObjectStoreError`` `invalidArgument` (a malformed endpoint), `noCredentials` (with
    ///   the list of places looked), or what a broken credential source reports.
    public func openStore(bucket: String, prefix: String, environment: [String: String], home: String? = nil,
                          retrying: RetryLoop? = nil, logger: Logger) async throws -> S3Store {
        let endpoint = try resolvedEndpoint(environment: environment)
        let client = CurlHTTPClient(
            configuration: .init(maximumConnections: connections, stallTimeout: stallTimeout, caBundlePath: caBundlePath ?? environment["AWS_CA_BUNDLE"]),
            logger: logger)
        let chain = CredentialChain.standard(
            environment: environment, profile: profile, anonymous: anonymous, home: home, transport: client, logger: logger)
        let refreshing = try await chain.refreshingCredentials()
        let configuration = S3Store.Configuration(
            bucket: bucket, prefix: prefix, region: resolvedRegion(environment: environment, home: home),
            endpoint: endpoint, requestPayer: requestPayer)
        return S3Store(configuration: configuration, client: client, credentials: {
            guard let refreshing else { return nil }
            return try await refreshing.current()
        }, expireCredentials: {
            await refreshing?.invalidate()
        }, retrying: retrying, logger: logger)
    }

    func resolvedEndpoint(environment: [String: String]) throws -> S3Endpoint {
        let url = endpointURL ?? nonEmpty(environment["AWS_ENDPOINT_URL_S3"]) ?? nonEmpty(environment["AWS_ENDPOINT_URL"])
        guard let url else {
            var endpoint = S3Endpoint.aws
            endpoint.addressing = addressing
            return endpoint
        }
        return try S3Endpoint(url: url, addressing: addressing)
    }

    func resolvedRegion(environment: [String: String], home: String?) -> String? {
        if let region = nonEmpty(region) ?? nonEmpty(environment["AWS_REGION"]) ?? nonEmpty(environment["AWS_DEFAULT_REGION"]) {
            return region
        }
        let selection = ProfileSelection(option: profile, environment: environment)
        let config = try? SharedConfig.load(environment: environment, home: home)
        return nonEmpty(config?.profile(selection.name)?["region"])
    }

    private func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}
