import ObjectStore
@testable import S3Backend
import Testing

/// `AWS_ACCESS_KEY_ID` and friends.
struct CredentialEnvironmentTests {
    @Test func fullSet() async throws {
        let provider = EnvironmentCredentialProvider(environment: [
            "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "token",
        ])
        let credentials = try #require(try await provider.credentials())
        #expect(credentials == AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret", sessionToken: "token",
                                              expiration: nil))
    }

    @Test func withoutTokenAndLegacyNames() async throws {
        let plain = try await EnvironmentCredentialProvider(environment: [
            "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret",
        ]).credentials()
        #expect(plain?.sessionToken == nil)
        let legacy = try await EnvironmentCredentialProvider(environment: [
            "AWS_ACCESS_KEY": "OLDID", "AWS_SECRET_KEY": "oldsecret", "AWS_SECURITY_TOKEN": "oldtoken",
        ]).credentials()
        #expect(legacy?.accessKeyID == "OLDID")
        #expect(legacy?.secretAccessKey == "oldsecret")
        #expect(legacy?.sessionToken == "oldtoken")
    }

    @Test(arguments: [[String: String](), ["AWS_SESSION_TOKEN": "token"], ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""]])
    func notConfigured(environment: [String: String]) async throws {
        #expect(try await EnvironmentCredentialProvider(environment: environment).credentials() == nil)
    }

    /// Half a pair is broken, and the message names the variable that is missing.
    @Test(arguments: [
        (["AWS_ACCESS_KEY_ID": "AKID"], "AWS_SECRET_ACCESS_KEY is not"),
        (["AWS_SECRET_ACCESS_KEY": "supersecret"], "AWS_ACCESS_KEY_ID is not"),
        (["AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": ""], "AWS_SECRET_ACCESS_KEY is not"),
    ])
    func halfAPair(environment: [String: String], missing: String) async {
        let error = await expectFailure(.misconfigured) {
            try await EnvironmentCredentialProvider(environment: environment).credentials()
        }
        #expect(error?.message.contains(missing) == true)
        #expect(error?.message.contains("supersecret") == false)
    }
}
