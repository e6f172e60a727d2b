import CurlHTTP
import Foundation
import ObjectStore
@testable import S3Backend
import TestSupport
import Testing

/// The container credential endpoint (ECS, EKS Pod Identity), through a fake transport.
struct CredentialContainerTests {
    let home = TemporaryDirectory("creds-container")

    func provider(_ extra: [String: String], transport: FakeTransport,
                  timeLimit: Duration = ContainerCredentialProvider.defaultTimeLimit) -> ContainerCredentialProvider {
        ContainerCredentialProvider(environment: isolatedEnvironment(home: home.path, extra), transport: transport,
                                    timeLimit: timeLimit)
    }

    @Test func relativeURI() async throws {
        let transport = FakeTransport { _ in .ok(credentialJSON(keyID: "AKIDECS")) }
        let credentials = try #require(try await provider(
            ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc-123"], transport: transport).credentials())
        #expect(credentials.accessKeyID == "AKIDECS")
        #expect(credentials.secretAccessKey == "wJalrSECRET")
        #expect(credentials.sessionToken == "TOKEN")
        #expect(credentials.expiration == S3Timestamp.parseISO8601("2030-01-02T03:04:05Z"))
        let request = try #require(transport.requests.first)
        #expect(request.method == "GET")
        #expect(request.url == "http://169.254.170.2/v2/credentials/abc-123")
        #expect(request.header("Authorization") == nil)
    }

    @Test func relativeWinsOverFull() async throws {
        let transport = FakeTransport { _ in .ok(credentialJSON()) }
        _ = try await provider([
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/rel",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:9/full",
        ], transport: transport).credentials()
        #expect(transport.requests.map(\.url) == ["http://169.254.170.2/rel"])
    }

    @Test func fullURIWithTokenFromVariable() async throws {
        let transport = FakeTransport { _ in .ok(credentialJSON()) }
        _ = try await provider([
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:51679/creds?id=a%2Fb",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Basic abc",
        ], transport: transport).credentials()
        let request = try #require(transport.requests.first)
        #expect(request.url == "http://127.0.0.1:51679/creds?id=a%2Fb")
        #expect(request.header("Authorization") == "Basic abc")
    }

    /// The token file wins over the variable and is read on every call (it rotates).
    @Test func tokenFileWinsAndIsReread() async throws {
        let file = home.write("eks-token", "first-token\n")
        let transport = FakeTransport { _ in .ok(credentialJSON()) }
        let provider = provider([
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://169.254.170.23/v1/credentials",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "from-variable",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": file,
        ], transport: transport)
        _ = try await provider.credentials()
        home.write("eks-token", "second-token")
        _ = try await provider.credentials()
        #expect(transport.requests.map { $0.header("Authorization") } == ["first-token", "second-token"])
        #expect(transport.requests.first?.url == "http://169.254.170.23/v1/credentials")
    }

    @Test(arguments: [
        "http://127.0.0.1/c", "http://127.1.2.3:80/c", "http://localhost:8080/c", "http://[::1]:8080/c",
        "http://169.254.170.2/c", "http://[fd00:ec2::23]/c", "https://credentials.example/c",
    ])
    func allowedFullURIs(uri: String) async throws {
        let transport = FakeTransport { _ in .ok(credentialJSON()) }
        #expect(try await provider(["AWS_CONTAINER_CREDENTIALS_FULL_URI": uri], transport: transport).credentials() != nil)
    }

    /// Plain http to anywhere but loopback or the container hosts is refused before any request.
    @Test(arguments: ["http://192.0.2.10/c", "http://credentials.example/c", "http://127.0.0.1.example/c",
                      "ftp://127.0.0.1/c", "not a url"])
    func refusedFullURIs(uri: String) async {
        let transport = FakeTransport()
        await expectFailure(.misconfigured) {
            try await provider(["AWS_CONTAINER_CREDENTIALS_FULL_URI": uri], transport: transport).credentials()
        }
        #expect(transport.requests.isEmpty)
    }

    @Test func notConfigured() async throws {
        let transport = FakeTransport()
        #expect(try await provider([:], transport: transport).credentials() == nil)
        #expect(transport.requests.isEmpty)
    }

    @Test func tokenWithLineBreakIsRefused() async {
        let file = home.write("bad-token", "abc\r\nX-Injected: 1")
        await expectFailure(.misconfigured) {
            try await provider(["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/c",
                                "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": file],
                               transport: FakeTransport { _ in .ok(credentialJSON()) }).credentials()
        }
    }

    @Test func unreadableTokenFile() async {
        await expectFailure(.misconfigured) {
            try await provider(["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/c",
                                "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": home.at("nope")],
                               transport: FakeTransport { _ in .ok(credentialJSON()) }).credentials()
        }
    }

    @Test(arguments: [
        (500, credentialJSON(), ObjectStoreError.Code.network),
        (404, "", .misconfigured),
        (401, "{\"Code\":\"Unauthorized\"}", .misconfigured),
        (200, "not json", .misconfigured),
        (200, "{\"AccessKeyId\": \"A\"}", .misconfigured),
        (200, credentialJSON(expiration: "next week"), .misconfigured),
    ])
    func failures(status: Int, body: String, code: ObjectStoreError.Code) async {
        let transport = FakeTransport { _ in .ok(body, status: status) }
        await expectFailure(code) {
            try await provider(["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/c"], transport: transport).credentials()
        }
    }

    @Test func unreachableIsNetwork() async {
        await expectFailure(.network) {
            try await provider(["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/c"], transport: FakeTransport()).credentials()
        }
    }

    /// A silent endpoint costs the time limit, not the transport's own (much longer) timeout.
    @Test func silentEndpointTimesOut() async {
        let transport = FakeTransport { _ in
            try await Task.sleep(for: .seconds(600))
            return .ok(credentialJSON())
        }
        let start = ContinuousClock.now
        await expectFailure(.network) {
            try await provider(["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/c"], transport: transport,
                               timeLimit: .milliseconds(100)).credentials()
        }
        // Far below the fake's 600 s, with room for a test run that keeps both cores busy.
        #expect(ContinuousClock.now - start < .seconds(300))
    }
}
