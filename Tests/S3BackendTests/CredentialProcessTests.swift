import Foundation
import ObjectStore
@testable import S3Backend
import TestSupport
import Testing

/// `credential_process`, run for real through `/bin/sh -c`.
struct CredentialProcessTests {
    let home = TemporaryDirectory("creds-process")

    func run(_ command: String, environment: [String: String] = [:]) async throws -> AWSCredentials {
        try await CredentialProcess(command: command, environment: isolatedEnvironment(home: home.path, environment))
            .credentials()
    }

    @Test func parsesTheDocument() async throws {
        let credentials = try await run("""
            printf '{"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": "secretproc", "SessionToken": "tokenproc", "Expiration": "2030-05-06T07:08:09Z"}'
            """)
        #expect(credentials.accessKeyID == "AKIDPROC")
        #expect(credentials.secretAccessKey == "secretproc")
        #expect(credentials.sessionToken == "tokenproc")
        #expect(credentials.expiration == S3Timestamp.parseISO8601("2030-05-06T07:08:09Z"))
    }

    @Test func withoutExpirationTheyAreStatic() async throws {
        let credentials = try await run(#"echo '{"Version":1,"AccessKeyId":"A","SecretAccessKey":"s"}'"#)
        #expect(credentials.expiration == nil)
        #expect(credentials.sessionToken == nil)
    }

    /// The command sees the injected environment, not the test process's.
    @Test func runsWithTheInjectedEnvironment() async throws {
        let script = home.write("creds.sh", """
            printf '{"Version":1,"AccessKeyId":"%s","SecretAccessKey":"s","SessionToken":"%s"}' "$INJECTED_KEY" "${HOME}"
            """)
        let credentials = try await run("/bin/sh " + script, environment: ["INJECTED_KEY": "AKIDFROMENV"])
        #expect(credentials.accessKeyID == "AKIDFROMENV")
        #expect(credentials.sessionToken == home.path)
    }

    @Test func nonZeroExitIsReportedWithItsLastErrorLine() async {
        let error = await expectFailure(.misconfigured) {
            try await run("echo starting >&2; echo 'token expired, run login' >&2; exit 3")
        }
        #expect(error?.cause?.domain == "process")
        #expect(error?.cause?.code == "exit 3")
        #expect(error?.cause?.detail == "token expired, run login")
    }

    @Test(arguments: [
        "echo not json",
        "true",
        #"echo '{"Version":2,"AccessKeyId":"A","SecretAccessKey":"s"}'"#,
        #"echo '{"AccessKeyId":"A","SecretAccessKey":"s"}'"#,
        #"echo '{"Version":1,"AccessKeyId":"A"}'"#,
        #"echo '{"Version":1,"SecretAccessKey":"s"}'"#,
        #"echo '{"Version":1,"AccessKeyId":"A","SecretAccessKey":"s","Expiration":"tomorrow"}'"#,
    ])
    func badOutput(command: String) async {
        await expectFailure(.misconfigured) { try await run(command) }
    }

    /// The secret a failing command printed never reaches the error.
    @Test func secretsStayOutOfErrors() async {
        let error = await expectFailure(.misconfigured) {
            try await run(#"echo '{"Version":2,"AccessKeyId":"A","SecretAccessKey":"LEAKYSECRET"}'"#)
        }
        #expect(error.map { "\($0)" }?.contains("LEAKYSECRET") == false)
    }

    @Test func fromAProfile() async throws {
        home.write(".aws/config", """
            [profile tool]
            credential_process = echo '{"Version":1,"AccessKeyId":"AKIDTOOL","SecretAccessKey":"s"}'
            """)
        let environment = isolatedEnvironment(home: home.path)
        let provider = ProfileCredentialProvider(
            environment: environment, selection: ProfileSelection(option: "tool", environment: environment),
            transport: FakeTransport())
        #expect(try await provider.credentials()?.accessKeyID == "AKIDTOOL")
    }

    /// Static keys in the same profile come first.
    @Test func staticKeysBeatTheProcess() async throws {
        home.write(".aws/credentials", """
            [default]
            aws_access_key_id = AKIDSTATIC
            aws_secret_access_key = s
            credential_process = exit 1
            """)
        let environment = isolatedEnvironment(home: home.path)
        let provider = ProfileCredentialProvider(
            environment: environment, selection: ProfileSelection(option: nil, environment: environment),
            transport: FakeTransport())
        #expect(try await provider.credentials()?.accessKeyID == "AKIDSTATIC")
    }
}
