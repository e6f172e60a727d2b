import CurlHTTP
import Foundation
import Logging
import ObjectStore
import S3Backend
import TestSupport

extension StoreFixture {
    /// An ``S3Store`` on a fresh bucket of the test process's moto server (loopback only): the S3
    /// backend's read and write sides (PutObject, up to its size limit) meet the same contract.
    static let s3 = StoreFixture(
        name: "s3",
        capabilities: StoreCapabilities(
            rangedReads: true, writable: true, preservesModificationTime: false,
            hierarchicalNamespace: false, computesMD5ByReading: false, queuesRequests: true, keepsChecksums: true),
        make: {
            let moto = try await MotoServer.shared
            let bucket = "conformance-\(UUID().uuidString.prefix(12).lowercased())"
            try await moto.seed(bucket: bucket)
            let logger = Logger(label: "conformance") { _ in SwiftLogNoOpLogHandler() }
            let store = S3Store(
                configuration: .init(bucket: bucket, region: "us-east-1", endpoint: try S3Endpoint(url: moto.endpoint)),
                client: CurlHTTPClient(configuration: .init(maximumConnections: 8), logger: logger),
                credentials: { AWSCredentials(accessKeyID: "AKIDCONFORMANCE", secretAccessKey: "conformance-secret") },
                logger: logger)
            return (store, {})
        },
        // moto refuses keys with a line feed (AWS S3 accepts them).
        refusedKeys: ["line\nbreak.txt"]
    )
}
