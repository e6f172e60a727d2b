import CurlHTTP
import Foundation
import ObjectStore
@testable import S3Backend
import TestSupport
import Testing

/// Credentials from a profile: static keys, web identity, and what is refused.
struct CredentialProfileProviderTests {
    let home = TemporaryDirectory("creds-profile")

    func provider(_ profile: String? = nil, environment: [String: String] = [:],
                  transport: FakeTransport = FakeTransport()) -> ProfileCredentialProvider {
        let environment = isolatedEnvironment(home: home.path, environment)
        return ProfileCredentialProvider(
            environment: environment, selection: ProfileSelection(option: profile, environment: environment),
            transport: transport)
    }

    @Test func staticKeysFromDefault() async throws {
        home.write(".aws/credentials", """
            [default]
            aws_access_key_id = AKIDDEFAULT
            aws_secret_access_key = secretdefault
            aws_session_token = tokendefault
            """)
        let credentials = try #require(try await provider().credentials())
        #expect(credentials == AWSCredentials(accessKeyID: "AKIDDEFAULT", secretAccessKey: "secretdefault",
                                              sessionToken: "tokendefault", expiration: nil))
    }

    @Test func namedProfileFromFlagEnvironmentOrConfigFile() async throws {
        home.write(".aws/credentials", "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s\n")
        home.write(".aws/config", "[profile ops]\naws_access_key_id = AKIDOPS\naws_secret_access_key = s\n")
        #expect(try await provider("dev").credentials()?.accessKeyID == "AKIDDEV")
        #expect(try await provider(environment: ["AWS_PROFILE": "ops"]).credentials()?.accessKeyID == "AKIDOPS")
        // The flag wins over AWS_PROFILE.
        #expect(try await provider("dev", environment: ["AWS_PROFILE": "ops"]).credentials()?.accessKeyID == "AKIDDEV")
    }

    @Test func filesFromOverrideVariables() async throws {
        let creds = home.write("elsewhere/creds", "[default]\naws_access_key_id = AKIDELSEWHERE\naws_secret_access_key = s\n")
        home.write(".aws/credentials", "[default]\naws_access_key_id = AKIDHOME\naws_secret_access_key = s\n")
        let answer = try await provider(environment: ["AWS_SHARED_CREDENTIALS_FILE": creds]).credentials()
        #expect(answer?.accessKeyID == "AKIDELSEWHERE")
        let config = home.write("elsewhere/config", "[profile x]\naws_access_key_id = AKIDX\naws_secret_access_key = s\n")
        #expect(try await provider("x", environment: ["AWS_CONFIG_FILE": config]).credentials()?.accessKeyID == "AKIDX")
    }

    @Test func absentDefaultProfileIsNotConfigured() async throws {
        #expect(try await provider().credentials() == nil)
        home.write(".aws/config", "[default]\nregion = eu-west-1\n")
        #expect(try await provider().credentials() == nil)
    }

    /// A profile that was asked for must exist, even when it is called `default`.
    @Test(arguments: [("ghost", [String: String]()), (nil, ["AWS_PROFILE": "ghost"]), ("default", [:])])
    func missingExplicitProfile(profile: String?, environment: [String: String]) async {
        home.write(".aws/credentials", "[other]\naws_access_key_id = A\naws_secret_access_key = s\n")
        let error = await expectFailure(.misconfigured) {
            try await provider(profile, environment: environment).credentials()
        }
        #expect(error?.message.contains(profile ?? "ghost") == true)
    }

    @Test(arguments: [
        ("aws_access_key_id = AKID\n", "aws_secret_access_key"),
        ("aws_secret_access_key = hiddensecret\n", "aws_access_key_id"),
    ])
    func halfAPair(body: String, missing: String) async {
        home.write(".aws/credentials", "[default]\n" + body)
        let error = await expectFailure(.misconfigured) { try await provider().credentials() }
        #expect(error?.message.contains("but not \(missing)") == true)
        #expect(error?.message.contains("hiddensecret") == false)
    }

    @Test func unparsableFileIsReported() async {
        home.write(".aws/config", "[default]\nthis line has no equals sign\n")
        let error = await expectFailure(.misconfigured) { try await provider().credentials() }
        #expect(error?.message.contains("~/.aws/config line 2") == true)
    }

    @Test(arguments: [
        "role_arn = arn:aws:iam::1:role/r\nsource_profile = base\n",
        "role_arn = arn:aws:iam::1:role/r\ncredential_source = Ec2InstanceMetadata\n",
        "sso_session = corp\nsso_account_id = 1\n",
        "sso_start_url = https://corp.example/start\n",
    ])
    func unsupportedProfiles(body: String) async {
        home.write(".aws/config", "[default]\naws_access_key_id = A\naws_secret_access_key = s\n" + body)
        await expectFailure(.unsupported) { try await provider().credentials() }
    }

    @Test func webIdentityProfile() async throws {
        let tokenFile = home.write("token.jwt", "eyJ.profile.token\n")
        home.write(".aws/config", """
            [profile eks]
            region = eu-west-1
            role_arn = arn:aws:iam::123456789012:role/reader
            web_identity_token_file = \(tokenFile)
            role_session_name = from-profile
            """)
        let transport = FakeTransport { _ in .ok(CredentialWebIdentityTests.successXML) }
        let credentials = try #require(try await provider("eks", transport: transport).credentials())
        #expect(credentials.accessKeyID == "ASIASTSEXAMPLE")
        let request = try #require(transport.requests.first)
        #expect(request.url == "https://sts.eu-west-1.amazonaws.com/")
        let form = String(decoding: request.body ?? [], as: UTF8.self)
        #expect(form.contains("RoleSessionName=from-profile"))
        #expect(form.contains("WebIdentityToken=eyJ.profile.token&") || form.hasSuffix("WebIdentityToken=eyJ.profile.token"))
    }

    @Test func webIdentityProfileNeedsRole() async {
        home.write(".aws/config", "[default]\nweb_identity_token_file = /nonexistent\n")
        await expectFailure(.misconfigured) { try await provider().credentials() }
    }

    @Test func describesBothFiles() {
        let text = provider("dev").sourceDescription
        #expect(text == "shared credentials file ~/.aws/credentials (profile dev), shared config file ~/.aws/config (profile dev)")
    }
}
