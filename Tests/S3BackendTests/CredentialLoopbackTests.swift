import CurlHTTP
import Foundation
import ObjectStore
@testable import S3Backend
import TestSupport
import Testing

/// Each network provider end to end through the real curl transport, against the fake endpoints
/// script on a free 127.0.0.1 port. Nothing here can reach any other address: every endpoint
/// variable points at the script, and the transport refuses other hosts.
@Suite(.serialized)
struct CredentialLoopbackTests {
    let transport = LoopbackOnlyTransport()
    /// These tests check behaviour, not speed: a generous limit keeps a machine busy with other
    /// work from turning a slow answer into "absent".
    let timeLimit: Duration = .seconds(15)

    let home = TemporaryDirectory("creds-loopback")

    /// Runs `body` with the script started, and stops it afterwards.
    func withEndpoints(_ body: (CredentialFakeEndpoints) async throws -> Void) async throws {
        let endpoints = try await CredentialFakeEndpoints.start()
        try await body(endpoints)
        withExtendedLifetime(endpoints) {}
    }

    /// Every request the script received, as `METHOD path` with its headers (lower-cased names).
    func requests(_ endpoints: CredentialFakeEndpoints) async throws -> [(line: String, headers: [String: String])] {
        let response = try await transport.send(try #require(ServiceEndpoint(endpoints.baseURL)).request("GET", path: "/_requests"))
        return try String(decoding: response.body, as: UTF8.self).split(separator: "\n").map { line in
            let entry = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            return ("\(entry["method"] ?? "") \(entry["path"] ?? "")", entry["headers"] as? [String: String] ?? [:])
        }
    }

    @Test func instanceMetadata() async throws {
        try await withEndpoints { endpoints in
            let provider = InstanceMetadataCredentialProvider(
                environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": endpoints.baseURL], transport: transport,
                timeLimit: timeLimit)
            let credentials = try #require(try await provider.credentials())
            #expect(credentials.accessKeyID == "ASIAFAKEIMDS")
            #expect(credentials.secretAccessKey == "asiafakeimds-secret")
            #expect(credentials.sessionToken == "asiafakeimds-token")
            #expect(credentials.expiration == S3Timestamp.parseISO8601("2030-01-02T03:04:05Z"))
            let seen = try await requests(endpoints)
            #expect(seen.map(\.line) == [
                "PUT /latest/api/token",
                "GET /latest/meta-data/iam/security-credentials/",
                "GET /latest/meta-data/iam/security-credentials/fake-role",
            ])
            #expect(seen.first?.headers["x-aws-ec2-metadata-token-ttl-seconds"] == "21600")
            #expect(seen.dropFirst().allSatisfy { $0.headers["x-aws-ec2-metadata-token"] == CredentialFakeEndpoints.imdsToken })
        }
    }

    @Test func container() async throws {
        try await withEndpoints { endpoints in
            let tokenFile = home.write("container-token", CredentialFakeEndpoints.containerToken + "\n")
            let provider = ContainerCredentialProvider(environment: [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": endpoints.baseURL + "/container/credentials",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile,
            ], transport: transport, timeLimit: timeLimit)
            let credentials = try #require(try await provider.credentials())
            #expect(credentials.accessKeyID == "ASIAFAKECONTAINER")
            #expect(credentials.sessionToken == "asiafakecontainer-token")

            let wrongToken = ContainerCredentialProvider(environment: [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": endpoints.baseURL + "/container/credentials",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": "wrong",
            ], transport: transport, timeLimit: timeLimit)
            await expectFailure(.misconfigured) { try await wrongToken.credentials() }
        }
    }

    @Test func webIdentity() async throws {
        try await withEndpoints { endpoints in
            let good = home.write("jwt", CredentialFakeEndpoints.webIdentityToken)
            let environment = isolatedEnvironment(home: home.path, [
                "AWS_WEB_IDENTITY_TOKEN_FILE": good,
                "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/loopback",
                "AWS_ENDPOINT_URL_STS": endpoints.baseURL + "/sts/",
            ])
            let provider = WebIdentityCredentialProvider(environment: environment, transport: transport)
            let credentials = try #require(try await provider.credentials())
            #expect(credentials.accessKeyID == "ASIAFAKESTS")
            #expect(credentials.secretAccessKey == "sts-secret")
            #expect(credentials.sessionToken == "sts-session-token")

            let bad = home.write("bad-jwt", "not-the-token")
            let refused = WebIdentityCredentialProvider(
                environment: environment.merging(["AWS_WEB_IDENTITY_TOKEN_FILE": bad]) { $1 }, transport: transport)
            let error = await expectFailure(.accessDenied) { try await refused.credentials() }
            #expect(error?.cause?.code == "InvalidIdentityToken")
        }
    }

    /// The whole chain, with only the metadata service "present".
    @Test func chainFallsThroughToInstanceMetadata() async throws {
        try await withEndpoints { endpoints in
            let environment = ["HOME": home.path, "AWS_EC2_METADATA_SERVICE_ENDPOINT": endpoints.baseURL]
            var chain = CredentialChain.standard(environment: environment, transport: transport)
            // The standard chain, with the metadata provider's limit raised as above.
            #expect(chain.providers.last is InstanceMetadataCredentialProvider)
            chain.providers[chain.providers.count - 1] = InstanceMetadataCredentialProvider(
                environment: environment, transport: transport, timeLimit: timeLimit)
            let refreshing = try #require(try await chain.refreshingCredentials())
            #expect(try await refreshing.current().accessKeyID == "ASIAFAKEIMDS")
        }
    }

    /// A metadata endpoint where nothing listens is "absent", quickly.
    @Test func closedPortIsAbsent() async throws {
        // A port that was just free: the script's, once the script is gone.
        var endpoints: CredentialFakeEndpoints? = try await CredentialFakeEndpoints.start()
        let port = endpoints!.baseURL
        let number = endpoints!.server.port
        endpoints = nil
        // Killed is not yet closed: a connection the dying script accepted would be reset, which
        // is a failure, not absence. Wait until the port refuses.
        for _ in 0..<500 where LoopbackPort.accepts(number) { try await Task.sleep(for: .milliseconds(10)) }
        let start = ContinuousClock.now
        let provider = InstanceMetadataCredentialProvider(
            environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": port], transport: transport)
        #expect(try await provider.credentials() == nil)
        #expect(ContinuousClock.now - start < .seconds(10))
    }
}
