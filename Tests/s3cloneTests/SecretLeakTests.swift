import Foundation
import Testing
import TestSupport

extension S3CloneMotoTests {
    /// One way of giving s3clone credentials: its environment, the files it reads, and the
    /// strings that must never appear anywhere it writes.
    struct CredentialSource: Sendable, CustomTestStringConvertible {
        var name: String
        /// Where s3clone says (at debug level) it found the credentials.
        var announced: String
        /// Variables on top of the test environment (without test credentials); `ENDPOINTS` in a
        /// value stands for the fake credential endpoints' base URL, `HOME` for the sandbox.
        var variables: [String: String]
        /// Files to write under the sandbox, relative path to contents.
        var files: [String: String] = [:]
        var arguments: [String] = []
        var secrets: [String]
        var testDescription: String { name }
    }

    static let credentialSources: [CredentialSource] = [
        CredentialSource(name: "environment", announced: "environment (AWS_ACCESS_KEY_ID)",
                         variables: ["AWS_ACCESS_KEY_ID": "AKIAENVLEAKTEST", "AWS_SECRET_ACCESS_KEY": "envSecretKey/K7MDENG+bPxRfiCYLEAKCHECK",
                                     "AWS_SESSION_TOKEN": "envSessionTokenIQoJb3JpZ2luLEAKCHECK"],
                         secrets: ["envSecretKey/K7MDENG+bPxRfiCYLEAKCHECK", "envSessionTokenIQoJb3JpZ2luLEAKCHECK"]),
        CredentialSource(name: "shared credentials file", announced: "shared credentials file",
                         variables: [:],
                         files: [".aws/credentials": "[default]\naws_access_key_id = AKIAFILELEAKTEST\naws_secret_access_key = fileSecretKeyLEAKCHECK0123456789\naws_session_token = fileSessionTokenLEAKCHECK\n"],
                         secrets: ["fileSecretKeyLEAKCHECK0123456789", "fileSessionTokenLEAKCHECK"]),
        CredentialSource(name: "shared config file, --profile", announced: "shared credentials file ~/.aws/credentials (profile leaky)",
                         variables: [:],
                         files: [".aws/config": "[profile leaky]\naws_access_key_id = AKIACONFIGLEAK\naws_secret_access_key = configSecretKeyLEAKCHECK98765\n"],
                         arguments: ["--profile", "leaky"], secrets: ["configSecretKeyLEAKCHECK98765"]),
        CredentialSource(name: "credential_process", announced: "shared credentials file ~/.aws/credentials (profile default)",
                         variables: [:],
                         files: [".aws/config": "[default]\ncredential_process = /bin/sh HOME/process.sh\n",
                                 "process.sh": "printf '%s' '{\"Version\": 1, \"AccessKeyId\": \"AKIAPROCESSLEAK\", \"SecretAccessKey\": \"processSecretKeyLEAKCHECK\", \"SessionToken\": \"processSessionTokenLEAKCHECK\"}'\n"],
                         secrets: ["processSecretKeyLEAKCHECK", "processSessionTokenLEAKCHECK"]),
        CredentialSource(name: "web identity", announced: "web identity",
                         variables: ["AWS_WEB_IDENTITY_TOKEN_FILE": "HOME/web-identity-token", "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/leak",
                                     "AWS_ENDPOINT_URL_STS": "ENDPOINTS/sts/"],
                         files: ["web-identity-token": "fake-web-identity-jwt"],
                         secrets: ["sts-secret", "sts-session-token", "fake-web-identity-jwt"]),
        CredentialSource(name: "container", announced: "container credentials",
                         variables: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "ENDPOINTS/container/credentials",
                                     "AWS_CONTAINER_AUTHORIZATION_TOKEN": "fake-container-authorization"],
                         secrets: ["asiafakecontainer-secret", "asiafakecontainer-token", "fake-container-authorization"]),
        CredentialSource(name: "EC2 instance metadata", announced: "EC2 instance metadata",
                         variables: ["AWS_EC2_METADATA_DISABLED": "false", "AWS_EC2_METADATA_SERVICE_ENDPOINT": "ENDPOINTS"],
                         secrets: ["asiafakeimds-secret", "asiafakeimds-token", "fake-imds-session-token"]),
    ]

    @Test("no secret key, session token or signature appears on stdout, stderr or in any file written, at -vvv, from every credential source",
          arguments: credentialSources)
    func secretsNeverLeak(_ source: CredentialSource) async throws {
        let endpoints = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result {
                    try LoopbackServer(executable: "/usr/bin/env", arguments: [
                        "python3", HostileKey.fixturesDirectory + "/servers/fake_aws_credential_endpoints.py", "--lifetime", "120"])
                })
            }
        }
        let sandbox = TemporaryDirectory("leak")
        let bucket = Self.bucket("leak")
        try await moto.seed(bucket: bucket, keys: [("a", Array("first".utf8)), ("dir/b", Array("second".utf8))])
        for (path, contents) in source.files {
            sandbox.write(path, contents.replacingOccurrences(of: "HOME", with: sandbox.path))
        }
        let inputs = Set(source.files.keys)
        var variables = environment(sandbox, credentials: false)
        variables["TMPDIR"] = sandbox.at("tmp")
        try FileManager.default.createDirectory(atPath: sandbox.at("tmp"), withIntermediateDirectories: true)
        for (name, value) in source.variables {
            variables[name] = value.replacingOccurrences(of: "ENDPOINTS", with: "http://\(endpoints.host)")
                .replacingOccurrences(of: "HOME", with: sandbox.path)
        }
        let result = try await S3CloneBinary.run(["--endpoint-url", moto.endpoint, "-vvv"] + source.arguments + ["s3://\(bucket)", "out"],
                                                 in: sandbox.path, environment: variables)
        #expect(result.status == 0, "\(result.standardError.suffix(2000))")
        #expect(result.standardError.contains("AWS credentials from \(source.announced)"), "\(result.standardError.prefix(2000))")
        // The requests were logged, with their credentials.
        #expect(result.standardError.contains("Authorization: <redacted>"))
        #expect(TreeSnapshot(sandbox.at("out")).contentsByPath["dir/b"] == Array("second".utf8))

        var written = ["standard output": result.standardOutput, "standard error": result.standardError]
        for (path, contents) in TreeSnapshot(sandbox.path).contentsByPath where !inputs.contains(path) {
            if let contents { written[path] = String(decoding: contents, as: UTF8.self) }
        }
        for (place, text) in written {
            for secret in source.secrets {
                #expect(!text.contains(secret), "\(place) shows a secret of the \(source.name) source")
            }
            #expect(!text.contains("Signature="), "\(place) shows a signature")
            #expect(!text.lowercased().contains("x-amz-signature="), "\(place) shows a signature")
        }
    }
}
