import CurlHTTP
import Foundation
import ObjectStore
@testable import S3Backend
import TestSupport
import Testing

/// IMDSv2, through a fake transport (nothing here can reach a metadata address).
struct CredentialInstanceMetadataTests {
    static let base = "http://169.254.169.254"

    /// A healthy metadata service with role `reader`.
    static func healthy(base: String = base, token: String = "imds-session-token",
                        role: HTTPResponse = .ok(credentialJSON(keyID: "ASIAIMDS", code: "Success"))) -> FakeTransport {
        FakeTransport(routes: [
            "PUT \(base)/latest/api/token": .ok(token),
            "GET \(base)/latest/meta-data/iam/security-credentials/": .ok("reader\n"),
            "GET \(base)/latest/meta-data/iam/security-credentials/reader": role,
        ])
    }

    func provider(_ environment: [String: String] = [:], transport: FakeTransport,
                  timeLimit: Duration = InstanceMetadataCredentialProvider.defaultTimeLimit) -> InstanceMetadataCredentialProvider {
        InstanceMetadataCredentialProvider(environment: environment, transport: transport, timeLimit: timeLimit)
    }

    @Test func tokenThenRoleThenCredentials() async throws {
        let transport = Self.healthy()
        let credentials = try #require(try await provider(transport: transport).credentials())
        #expect(credentials.accessKeyID == "ASIAIMDS")
        #expect(credentials.sessionToken == "TOKEN")
        #expect(credentials.expiration == S3Timestamp.parseISO8601("2030-01-02T03:04:05Z"))

        let requests = transport.requests
        #expect(requests.map { $0.method + " " + $0.url } == [
            "PUT \(Self.base)/latest/api/token",
            "GET \(Self.base)/latest/meta-data/iam/security-credentials/",
            "GET \(Self.base)/latest/meta-data/iam/security-credentials/reader",
        ])
        #expect(requests[0].header("X-aws-ec2-metadata-token-ttl-seconds") == "21600")
        #expect(requests[0].header("X-aws-ec2-metadata-token") == nil)
        #expect(requests[1].header("X-aws-ec2-metadata-token") == "imds-session-token")
        #expect(requests[2].header("X-aws-ec2-metadata-token") == "imds-session-token")
    }

    @Test(arguments: ["true", "TRUE", "True"])
    func disabledSendsNothing(value: String) async throws {
        let transport = Self.healthy()
        let provider = provider(["AWS_EC2_METADATA_DISABLED": value], transport: transport)
        #expect(try await provider.credentials() == nil)
        #expect(transport.requests.isEmpty)
        #expect(provider.sourceDescription == "EC2 instance metadata (disabled)")
    }

    @Test func endpointOverrideAndIPv6Mode() async throws {
        let local = Self.healthy(base: "http://127.0.0.1:1338")
        #expect(try await provider(["AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:1338/"],
                                   transport: local).credentials() != nil)
        #expect(local.requests.count == 3)

        let ipv6 = Self.healthy(base: "http://[fd00:ec2::254]")
        #expect(try await provider(["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE": "IPv6"], transport: ipv6).credentials() != nil)
        #expect(ipv6.requests.first?.host == "[fd00:ec2::254]")
    }

    @Test func badEndpointOverride() async {
        await expectFailure(.misconfigured) {
            try await provider(["AWS_EC2_METADATA_SERVICE_ENDPOINT": "169.254.169.254"], transport: FakeTransport())
                .credentials()
        }
    }

    /// Off EC2: the token request fails, so the source is simply not there.
    @Test func unreachableIsNotConfigured() async throws {
        let transport = FakeTransport()
        #expect(try await provider(transport: transport).credentials() == nil)
        #expect(transport.requests.count == 1)
    }

    /// A metadata address that swallows packets costs the time limit, then counts as absent.
    @Test func silentServiceTimesOutQuickly() async throws {
        let transport = FakeTransport { _ in
            try await Task.sleep(for: .seconds(600))
            throw FakeTransport.refused
        }
        let start = ContinuousClock.now
        #expect(try await provider(transport: transport, timeLimit: .milliseconds(100)).credentials() == nil)
        // Far below the fake's 600 s, with room for a test run that keeps both cores busy.
        #expect(ContinuousClock.now - start < .seconds(300))
    }

    @Test(arguments: [403, 404, 405])
    func tokenRefusedIsNotConfigured(status: Int) async throws {
        let transport = FakeTransport { _ in .ok("", status: status) }
        #expect(try await provider(transport: transport).credentials() == nil)
        #expect(transport.requests.count == 1)
    }

    @Test func noRoleIsNotConfigured() async throws {
        let transport = FakeTransport(routes: [
            "PUT \(Self.base)/latest/api/token": .ok("t"),
            "GET \(Self.base)/latest/meta-data/iam/security-credentials/": .ok("", status: 404),
        ])
        #expect(try await provider(transport: transport).credentials() == nil)
    }

    @Test func unsuccessfulCode() async {
        let transport = Self.healthy(role: .ok(credentialJSON(code: "AssumeRoleUnauthorizedAccess")))
        let error = await expectFailure(.misconfigured) { try await provider(transport: transport).credentials() }
        #expect(error?.cause?.code == "AssumeRoleUnauthorizedAccess")
    }

    @Test(arguments: [
        (HTTPResponse.ok("", status: 500), ObjectStoreError.Code.network),
        (.ok("garbage"), .misconfigured),
        (.ok("{\"Code\":\"Success\",\"AccessKeyId\":\"A\"}"), .misconfigured),
    ])
    func brokenRoleAnswer(answer: HTTPResponse, code: ObjectStoreError.Code) async {
        await expectFailure(code) { try await provider(transport: Self.healthy(role: answer)).credentials() }
    }

    /// Once a token was granted the service is there: later failures are errors, not absence.
    @Test func failureAfterTokenIsAnError() async {
        let transport = FakeTransport(routes: ["PUT \(Self.base)/latest/api/token": .ok("t")])
        await expectFailure(.network) { try await provider(transport: transport).credentials() }
    }

    @Test func describesEndpoint() {
        #expect(provider(transport: FakeTransport()).sourceDescription == "EC2 instance metadata (http://169.254.169.254)")
    }
}
