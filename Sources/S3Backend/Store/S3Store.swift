import CurlHTTP
import FoundationEssentials
import Logging
import ObjectStore
import Synchronization

/// An S3 bucket (or a prefix of one) as an ``ObjectStore``, over libcurl.
///
/// Works with AWS S3 and S3-compatible services (MinIO, Ceph RGW, Cloudflare R2, ...). Read side:
/// ListObjectsV2 listing, HEAD for ``stat(_:)``, ranged GETs pushed straight into a sink. Keys are
/// relative to the configured prefix.
public final class S3Store: ObjectStore {
    /// What to talk to and how.
    public struct Configuration: Sendable {
        public var bucket: String
        /// The folder the store is rooted at: empty or ending in `/`.
        public var prefix: String
        /// The bucket's region; `nil` to discover it (custom endpoints default to `us-east-1`).
        public var region: String?
        public var endpoint: S3Endpoint
        /// Send `x-amz-request-payer: requester` (requester-pays buckets).
        public var requestPayer: Bool
        /// Keys per ListObjectsV2 page: S3's maximum, 1,000, unless a test wants many small pages.
        public var listingPageSize: Int

        public init(bucket: String, prefix: String = "", region: String? = nil, endpoint: S3Endpoint = .aws,
                    requestPayer: Bool = false, listingPageSize: Int = 1000) {
            self.bucket = bucket
            self.prefix = prefix
            self.region = region
            self.endpoint = endpoint
            self.requestPayer = requestPayer
            self.listingPageSize = listingPageSize
        }
    }

    /// Supplies credentials for each request; `nil` sends requests unsigned (anonymous access).
    public typealias CredentialSource = @Sendable () async throws -> AWSCredentials?

    let configuration: Configuration
    let client: CurlHTTPClient
    let credentials: CredentialSource
    /// Called when S3 says the credentials expired, so the next request fetches fresh ones.
    let expireCredentials: @Sendable () async -> Void
    let logger: Logger
    /// Retries every request after a transient failure (the run's one loop, shared with the transfer).
    let retrying: RetryLoop
    /// The region requests are signed for, once known, and the server's clock offset.
    let state: Mutex<State>
    /// The day's signing key, shared by the signers of this store's requests.
    let signingKeys = SigV4KeyCache()

    struct State {
        var region: String?
        var clockOffset: TimeInterval = 0
        /// Objects whose reads go on new connections (``readAfresh(_:)``); a few at most.
        var freshReads: Set<ObjectKey> = []
    }

    /// - Parameters:
    ///   - client: the HTTP client (its connection limit should follow the worker count).
    ///   - credentials: called before each request; cache and refresh inside it.
    ///   - expireCredentials: called when S3 answers `ExpiredToken`: drop the cached credentials, so
    ///     that the next call of `credentials` fetches new ones (the request is then sent again, once).
    ///   - retrying: the run's retry loop (its policy and budget), for every request; `nil` makes one
    ///     with the default policy and a budget of this store's own.
    public init(configuration: Configuration, client: CurlHTTPClient, credentials: @escaping CredentialSource,
                expireCredentials: @escaping @Sendable () async -> Void = {}, retrying: RetryLoop? = nil, logger: Logger) {
        self.configuration = configuration
        self.retrying = retrying ?? RetryLoop(logger: logger)
        self.client = client
        self.credentials = credentials
        self.expireCredentials = expireCredentials
        self.logger = logger
        let region = configuration.region ?? (configuration.endpoint.customHost != nil ? "us-east-1" : nil)
        self.state = Mutex(State(region: region))
    }

    public var capabilities: StoreCapabilities {
        StoreCapabilities(rangedReads: true, writable: true, preservesModificationTime: false,
                          hierarchicalNamespace: false, computesMD5ByReading: false, queuesRequests: true, keepsChecksums: true)
    }

    public func location(of key: ObjectKey) -> String {
        "s3://\(configuration.bucket)/\(configuration.prefix)\(key.rawValue)"
    }


    /// A store of another bucket (or folder), reached as this one is: the same endpoint, HTTP
    /// client, credentials and retry loop (an S3 Inventory report's bucket, say).
    public func sibling(bucket: String, prefix: String) -> S3Store {
        var configuration = configuration
        configuration.bucket = bucket
        configuration.prefix = prefix
        return S3Store(configuration: configuration, client: client, credentials: credentials,
                       expireCredentials: expireCredentials, retrying: retrying, logger: logger)
    }

    /// The full S3 key of a store key.
    func fullKey(_ key: ObjectKey) -> String { configuration.prefix + key.rawValue }
}
