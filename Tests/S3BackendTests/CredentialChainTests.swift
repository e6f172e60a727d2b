import CurlHTTP
import Foundation
import ObjectStore
@testable import S3Backend
import TestSupport
import Testing

/// The order of the sources, anonymous access, and the "nothing found" message.
struct CredentialChainTests {
    let home = TemporaryDirectory("creds-chain")

    /// Every source configured at once, each handing out a distinguishable key; which ones are
    /// switched on is the test's choice. IMDS and the container endpoint are served by the fake
    /// transport, so nothing leaves the process.
    func chain(sources: Set<String>, profile: String? = nil) -> (CredentialChain, FakeTransport) {
        var environment = ["HOME": home.path, "PATH": "/usr/bin:/bin", "AWS_REGION": "eu-west-1"]
        if sources.contains("environment") {
            environment["AWS_ACCESS_KEY_ID"] = "AKIDENV"
            environment["AWS_SECRET_ACCESS_KEY"] = "s"
        }
        if sources.contains("files") {
            home.write(".aws/credentials", "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n"
                       + "[other]\naws_access_key_id = AKIDOTHER\naws_secret_access_key = s\n")
        }
        if sources.contains("webIdentity") {
            environment["AWS_WEB_IDENTITY_TOKEN_FILE"] = home.write("token", "jwt")
            environment["AWS_ROLE_ARN"] = "arn:aws:iam::1:role/r"
        }
        if sources.contains("container") {
            environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/v2/credentials/x"
        }
        if !sources.contains("imds") {
            environment["AWS_EC2_METADATA_DISABLED"] = "true"
        }
        let imds = "http://169.254.169.254"
        let transport = FakeTransport(routes: [
            "POST https://sts.eu-west-1.amazonaws.com/": .ok(
                CredentialWebIdentityTests.successXML.replacingOccurrences(of: "ASIASTSEXAMPLE", with: "AKIDWEB")),
            "GET http://169.254.170.2/v2/credentials/x": .ok(credentialJSON(keyID: "AKIDCONTAINER")),
            "PUT \(imds)/latest/api/token": .ok("t"),
            "GET \(imds)/latest/meta-data/iam/security-credentials/": .ok("role"),
            "GET \(imds)/latest/meta-data/iam/security-credentials/role": .ok(credentialJSON(keyID: "AKIDIMDS", code: "Success")),
        ])
        return (CredentialChain.standard(environment: environment, profile: profile, home: home.path, transport: transport),
                transport)
    }

    func keyID(_ chain: CredentialChain) async throws -> String? {
        try await chain.firstMatch().credentials.accessKeyID
    }

    /// Each source wins over every later one.
    @Test(arguments: [
        (["environment", "files", "webIdentity", "container", "imds"], "AKIDENV"),
        (["files", "webIdentity", "container", "imds"], "AKIDFILE"),
        (["webIdentity", "container", "imds"], "AKIDWEB"),
        (["container", "imds"], "AKIDCONTAINER"),
        (["imds"], "AKIDIMDS"),
    ])
    func order(sources: [String], winner: String) async throws {
        let (chain, transport) = chain(sources: Set(sources))
        #expect(try await keyID(chain) == winner)
        // Later sources were not asked: no request beyond the winner's.
        let hosts = Set(transport.requests.map(\.host))
        switch winner {
        case "AKIDENV", "AKIDFILE": #expect(hosts.isEmpty)
        case "AKIDWEB": #expect(hosts == ["sts.eu-west-1.amazonaws.com"])
        case "AKIDCONTAINER": #expect(hosts == ["169.254.170.2"])
        default: #expect(hosts == ["169.254.169.254"])
        }
    }

    /// `--profile` sets aside the environment's keys (as the AWS CLI does); `AWS_PROFILE` does not.
    @Test func profileOptionSetsEnvironmentAside() async throws {
        let (withOption, _) = chain(sources: ["environment", "files"], profile: "other")
        #expect(try await keyID(withOption) == "AKIDOTHER")
        #expect(!withOption.providers.contains { $0 is EnvironmentCredentialProvider })
    }

    @Test func anonymousAsksNoSource() async throws {
        let (standard, transport) = chain(sources: ["environment", "imds"])
        let chain = CredentialChain(providers: standard.providers, anonymous: true)
        #expect(try await chain.refreshingCredentials() == nil)
        #expect(transport.requests.isEmpty)
    }

    /// A broken source stops the search, even when a later one has credentials.
    @Test func brokenSourceStopsTheChain() async {
        let chain = CredentialChain(providers: [
            StubProvider("first"),
            StubProvider("broken", failure: ObjectStoreError(.misconfigured, "half a pair")),
            StubProvider("later", keyID: "AKIDLATER"),
        ])
        await expectFailure(.misconfigured) { try await chain.firstMatch() }
    }

    @Test func firstConfiguredSourceWins() async throws {
        let chain = CredentialChain(providers: [
            StubProvider("a"), StubProvider("b", keyID: "AKIDB"), StubProvider("c", keyID: "AKIDC"),
        ])
        #expect(try await keyID(chain) == "AKIDB")
    }

    @Test func nothingFoundListsEveryPlaceInOrder() async {
        let (chain, transport) = chain(sources: [])
        let error = await expectFailure(.noCredentials) { try await chain.firstMatch() }
        #expect(error?.code.isFatal == true)
        #expect(error?.message == "no AWS credentials found; looked in: "
            + "environment (AWS_ACCESS_KEY_ID), "
            + "shared credentials file ~/.aws/credentials (profile default), "
            + "shared config file ~/.aws/config (profile default), "
            + "web identity (AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN), "
            + "container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, AWS_CONTAINER_CREDENTIALS_FULL_URI), "
            + "EC2 instance metadata (disabled)")
        #expect(error?.cause == CredentialChain.noSourceCause)
        #expect(transport.requests.isEmpty)
    }

    /// With IMDS on but absent (the fake refuses the connection), the message names its address.
    @Test func nothingFoundWithAbsentMetadataService() async {
        var environment = ["HOME": home.path]
        environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = "http://127.0.0.1:9"
        let transport = FakeTransport()
        let chain = CredentialChain.standard(environment: environment, transport: transport)
        let error = await expectFailure(.noCredentials) { try await chain.firstMatch() }
        #expect(error?.message.contains("EC2 instance metadata (http://127.0.0.1:9)") == true)
        #expect(transport.requests.map(\.host) == ["127.0.0.1:9"])
    }

    @Test func refreshingCredentialsStartFromTheWinner() async throws {
        let (chain, _) = chain(sources: ["container"])
        let refreshing = try #require(try await chain.refreshingCredentials())
        #expect(try await refreshing.current().accessKeyID == "AKIDCONTAINER")
        #expect(await refreshing.refreshCount == 0)
    }
}
