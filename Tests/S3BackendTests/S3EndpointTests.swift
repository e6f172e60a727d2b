@testable import S3Backend
import CurlHTTP
import ObjectStore
import Testing
import TestSupport

@Suite("S3 addressing, endpoints and regions")
struct S3EndpointTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var endpoint: S3Endpoint
        var bucket: String
        var key: String
        var host: String
        var path: String
        var testDescription: String { "\(bucket)/\(key) at \(endpoint.customHost ?? "aws") (\(endpoint.addressing))" }
    }

    static let cases: [Case] = [
        Case(endpoint: .aws, bucket: "photos", key: "a b/c+d.jpg", host: "photos.s3.eu-west-1.amazonaws.com", path: "/a%20b/c%2Bd.jpg"),
        Case(endpoint: .aws, bucket: "my.dotted.bucket", key: "k", host: "s3.eu-west-1.amazonaws.com", path: "/my.dotted.bucket/k"),
        Case(endpoint: S3Endpoint(scheme: "https", customHost: nil, addressing: .path), bucket: "photos", key: "k",
             host: "s3.eu-west-1.amazonaws.com", path: "/photos/k"),
        Case(endpoint: try! S3Endpoint(url: "http://127.0.0.1:9000"), bucket: "photos", key: "../x//y/./z",
             host: "127.0.0.1:9000", path: "/photos/../x//y/./z"),
        Case(endpoint: try! S3Endpoint(url: "https://minio.example:443/"), bucket: "b", key: "caf\u{e9}",
             host: "minio.example", path: "/b/caf%C3%A9"),
        Case(endpoint: try! S3Endpoint(url: "https://gateway.example/s3", addressing: .virtualHosted), bucket: "b", key: "k",
             host: "b.gateway.example", path: "/s3/k"),
    ]

    @Test("requests address the bucket as the endpoint and the name require; keys are encoded once, never normalized", arguments: cases)
    func addressing(_ testCase: Case) {
        let request = testCase.endpoint.request("GET", bucket: testCase.bucket, region: "eu-west-1", key: testCase.key)
        #expect(request.host == testCase.host)
        #expect(request.path == testCase.path)
    }

    @Test("malformed endpoints are refused", arguments: ["127.0.0.1:9000", "ftp://host", "https://", "https://user@host", "https:///path"])
    func badEndpoints(_ url: String) {
        #expect(throws: ObjectStoreError.self) { try S3Endpoint(url: url) }
    }

    @Test("the endpoint comes from the flag, then AWS_ENDPOINT_URL_S3, then AWS_ENDPOINT_URL, else AWS")
    func endpointPrecedence() throws {
        let environment = ["AWS_ENDPOINT_URL_S3": "http://s3-specific:1", "AWS_ENDPOINT_URL": "http://general:2"]
        #expect(try S3AccessOptions(endpointURL: "http://flag:3", connections: 4).resolvedEndpoint(environment: environment).customHost == "flag:3")
        #expect(try S3AccessOptions(connections: 4).resolvedEndpoint(environment: environment).customHost == "s3-specific:1")
        #expect(try S3AccessOptions(connections: 4).resolvedEndpoint(environment: ["AWS_ENDPOINT_URL": "http://general:2"]).customHost == "general:2")
        #expect(try S3AccessOptions(connections: 4).resolvedEndpoint(environment: [:]).customHost == nil)
    }

    @Test("the region comes from the flag, then AWS_REGION, AWS_DEFAULT_REGION, the profile, else discovery")
    func regionPrecedence() throws {
        let home = TemporaryDirectory("region")
        home.write(".aws/config", "[default]\nregion = ap-south-1\n[profile other]\nregion = sa-east-1\n")
        let base = ["HOME": home.path]
        #expect(S3AccessOptions(region: "us-west-2", connections: 4).resolvedRegion(environment: base.merging(["AWS_REGION": "eu-north-1"]) { $1 }, home: nil) == "us-west-2")
        #expect(S3AccessOptions(connections: 4).resolvedRegion(environment: base.merging(["AWS_REGION": "eu-north-1", "AWS_DEFAULT_REGION": "x"]) { $1 }, home: nil) == "eu-north-1")
        #expect(S3AccessOptions(connections: 4).resolvedRegion(environment: base.merging(["AWS_DEFAULT_REGION": "ca-central-1"]) { $1 }, home: nil) == "ca-central-1")
        #expect(S3AccessOptions(connections: 4).resolvedRegion(environment: base, home: nil) == "ap-south-1")
        #expect(S3AccessOptions(profile: "other", connections: 4).resolvedRegion(environment: base, home: nil) == "sa-east-1")
        #expect(S3AccessOptions(connections: 4).resolvedRegion(environment: ["HOME": home.path + "/none"], home: nil) == nil)
    }
}
