import CurlHTTP
import Logging
import S3Backend
import TestSupport

/// S3 stores on the shared moto server, with test credentials and one HTTP client.
struct MotoStores {
    let moto: MotoServer
    let client = CurlHTTPClient(configuration: .init(maximumConnections: 16), logger: Logger(label: "test"))

    init() async throws {
        moto = try await MotoServer.shared
    }

    /// A store of `bucket`, rooted at `prefix`, listing `pageSize` keys per page.
    func store(_ bucket: String, prefix: String = "", pageSize: Int = 1000) throws -> S3Store {
        S3Store(
            configuration: .init(bucket: bucket, prefix: prefix, region: "us-east-1", endpoint: try S3Endpoint(url: moto.endpoint),
                                 listingPageSize: pageSize),
            client: client, credentials: { AWSCredentials(accessKeyID: "AKIDTEST", secretAccessKey: "test-secret") },
            logger: Logger(label: "test"))
    }
}
