import CurlHTTP
import Foundation
import ObjectStore
@testable import S3Backend
import TestSupport
import Testing

/// `AssumeRoleWithWebIdentity` from the environment's token file and role.
struct CredentialWebIdentityTests {
    static let successXML = """
        <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <AssumeRoleWithWebIdentityResult>
            <SubjectFromWebIdentityToken>system:serviceaccount:ns:sa</SubjectFromWebIdentityToken>
            <Audience>sts.amazonaws.com</Audience>
            <AssumedRoleUser>
              <Arn>arn:aws:sts::123456789012:assumed-role/reader/s</Arn>
              <AssumedRoleId>AROA:s</AssumedRoleId>
            </AssumedRoleUser>
            <Credentials>
              <SessionToken>FwoGZX&amp;token/+=</SessionToken>
              <SecretAccessKey>wJalrXUtnSTS</SecretAccessKey>
              <Expiration>2030-10-24T23:00:23Z</Expiration>
              <AccessKeyId>ASIASTSEXAMPLE</AccessKeyId>
            </Credentials>
            <Provider>www.amazon.com</Provider>
          </AssumeRoleWithWebIdentityResult>
          <ResponseMetadata><RequestId>ad4156e9</RequestId></ResponseMetadata>
        </AssumeRoleWithWebIdentityResponse>
        """

    static func errorXML(_ code: String, _ message: String = "nope") -> String {
        """
        <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <Error><Type>Sender</Type><Code>\(code)</Code><Message>\(message)</Message></Error>
          <RequestId>r</RequestId>
        </ErrorResponse>
        """
    }

    let home = TemporaryDirectory("creds-webid")

    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        let token = home.write("token", "eyJhbGciOi.SECRETJWT.sig\n")
        return isolatedEnvironment(home: home.path, [
            "AWS_WEB_IDENTITY_TOKEN_FILE": token,
            "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/reader",
            "AWS_ROLE_SESSION_NAME": "test-session",
            "AWS_REGION": "eu-west-1",
        ].merging(extra) { $1 })
    }

    @Test func requestAndAnswer() async throws {
        let transport = FakeTransport { _ in .ok(Self.successXML) }
        let provider = WebIdentityCredentialProvider(environment: environment(), transport: transport)
        let credentials = try #require(try await provider.credentials())
        #expect(credentials.accessKeyID == "ASIASTSEXAMPLE")
        #expect(credentials.secretAccessKey == "wJalrXUtnSTS")
        #expect(credentials.sessionToken == "FwoGZX&token/+=")
        #expect(credentials.expiration == S3Timestamp.parseISO8601("2030-10-24T23:00:23Z"))

        let request = try #require(transport.requests.first)
        #expect(transport.requests.count == 1)
        #expect(request.method == "POST")
        #expect(request.url == "https://sts.eu-west-1.amazonaws.com/")
        #expect(!request.url.contains("SECRETJWT"))
        #expect(request.header("Content-Type")?.hasPrefix("application/x-www-form-urlencoded") == true)
        #expect(request.header("Authorization") == nil)
        let form = Set(String(decoding: request.body ?? [], as: UTF8.self).split(separator: "&").map(String.init))
        #expect(form == [
            "Action=AssumeRoleWithWebIdentity", "Version=2011-06-15",
            "RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Freader",
            "RoleSessionName=test-session", "WebIdentityToken=eyJhbGciOi.SECRETJWT.sig",
        ])
    }

    @Test func notConfiguredWithoutTokenFile() async throws {
        let transport = FakeTransport()
        let provider = WebIdentityCredentialProvider(
            environment: isolatedEnvironment(home: home.path, ["AWS_ROLE_ARN": "arn:aws:iam::1:role/r"]),
            transport: transport)
        #expect(try await provider.credentials() == nil)
        #expect(transport.requests.isEmpty)
    }

    @Test func tokenFileWithoutRole() async {
        var environment = environment()
        environment["AWS_ROLE_ARN"] = nil
        let transport = FakeTransport()
        await expectFailure(.misconfigured) {
            try await WebIdentityCredentialProvider(environment: environment, transport: transport).credentials()
        }
        #expect(transport.requests.isEmpty)
    }

    @Test func unreadableTokenFile() async {
        let environment = environment(["AWS_WEB_IDENTITY_TOKEN_FILE": home.at("missing-token")])
        await expectFailure(.misconfigured) {
            try await WebIdentityCredentialProvider(environment: environment, transport: FakeTransport()).credentials()
        }
    }

    @Test(arguments: [
        ([String: String](), "https://sts.eu-west-1.amazonaws.com/"),
        (["AWS_REGION": "cn-north-1"], "https://sts.cn-north-1.amazonaws.com.cn/"),
        (["AWS_REGION": "", "AWS_DEFAULT_REGION": "us-west-2"], "https://sts.us-west-2.amazonaws.com/"),
        (["AWS_REGION": ""], "https://sts.amazonaws.com/"),
        (["AWS_ENDPOINT_URL": "http://127.0.0.1:4566"], "http://127.0.0.1:4566/"),
        (["AWS_ENDPOINT_URL": "http://127.0.0.1:1", "AWS_ENDPOINT_URL_STS": "http://[::1]:4566/sts"],
         "http://[::1]:4566/sts"),
    ])
    func endpoint(extra: [String: String], url: String) async throws {
        let transport = FakeTransport { _ in .ok(Self.successXML) }
        _ = try await WebIdentityCredentialProvider(environment: environment(extra), transport: transport).credentials()
        #expect(transport.requests.map(\.url) == [url])
    }

    @Test func regionAndEndpointFromTheProfile() async throws {
        home.write(".aws/config", """
            [profile p]
            region = ap-southeast-2
            [profile q]
            region = ap-southeast-2
            services = local
            [services local]
            sts =
              endpoint_url = http://127.0.0.1:5000
            """)
        let transport = FakeTransport { _ in .ok(Self.successXML) }
        _ = try await WebIdentityCredentialProvider(environment: environment(["AWS_REGION": ""]), profile: "p",
                                                    transport: transport).credentials()
        _ = try await WebIdentityCredentialProvider(environment: environment(["AWS_REGION": ""]), profile: "q",
                                                    transport: transport).credentials()
        #expect(transport.requests.map(\.url) == ["https://sts.ap-southeast-2.amazonaws.com/", "http://127.0.0.1:5000/"])
    }

    @Test func badEndpointOverride() async {
        await expectFailure(.misconfigured) {
            try await WebIdentityCredentialProvider(environment: environment(["AWS_ENDPOINT_URL_STS": "ftp://x"]),
                                                    transport: FakeTransport()).credentials()
        }
    }

    @Test(arguments: [
        (403, "AccessDenied", ObjectStoreError.Code.accessDenied),
        (400, "InvalidIdentityToken", .accessDenied),
        (400, "ExpiredTokenException", .accessDenied),
        (400, "IDPCommunicationError", .network),
        (400, "Throttling", .throttled),
        (400, "ValidationError", .misconfigured),
        (503, "ServiceUnavailable", .network),
    ])
    func stsErrors(status: Int, stsCode: String, code: ObjectStoreError.Code) async {
        let transport = FakeTransport { _ in .ok(Self.errorXML(stsCode, "Not authorized"), status: status) }
        let error = await expectFailure(code) {
            try await WebIdentityCredentialProvider(environment: environment(), transport: transport).credentials()
        }
        #expect(error?.cause == .init(domain: "sts", code: stsCode, detail: "Not authorized"))
        #expect(error.map { "\($0)" }?.contains("SECRETJWT") == false)
    }

    @Test(arguments: [(500, ObjectStoreError.Code.network), (429, .throttled), (400, .misconfigured)])
    func nonXMLErrors(status: Int, code: ObjectStoreError.Code) async {
        let transport = FakeTransport { _ in .ok("<html>oops</html>", status: status) }
        let error = await expectFailure(code) {
            try await WebIdentityCredentialProvider(environment: environment(), transport: transport).credentials()
        }
        #expect(error?.cause?.domain == "http")
    }

    @Test func transportFailureIsNetwork() async {
        await expectFailure(.network) {
            try await WebIdentityCredentialProvider(environment: environment(), transport: FakeTransport()).credentials()
        }
    }

    @Test(arguments: [
        "<AssumeRoleWithWebIdentityResponse></AssumeRoleWithWebIdentityResponse>",
        "<Credentials><SecretAccessKey>s</SecretAccessKey></Credentials>",
        "<Credentials><AccessKeyId>A</AccessKeyId></Credentials>",
        "<Credentials><AccessKeyId>A</AccessKeyId><SecretAccessKey>s</SecretAccessKey><Expiration>soon</Expiration></Credentials>",
    ])
    func malformedAnswers(body: String) async {
        let transport = FakeTransport { _ in .ok(body) }
        await expectFailure(.misconfigured) {
            try await WebIdentityCredentialProvider(environment: environment(), transport: transport).credentials()
        }
    }

    @Test func defaultSessionName() async throws {
        var environment = environment()
        environment["AWS_ROLE_SESSION_NAME"] = nil
        let transport = FakeTransport { _ in .ok(Self.successXML) }
        _ = try await WebIdentityCredentialProvider(environment: environment, transport: transport).credentials()
        let form = String(decoding: transport.requests.first?.body ?? [], as: UTF8.self)
        #expect(form.contains("RoleSessionName=s3clone-"))
        #expect(WebIdentityRole.defaultSessionName(now: Date(timeIntervalSince1970: 42)) == "s3clone-42")
    }
}
