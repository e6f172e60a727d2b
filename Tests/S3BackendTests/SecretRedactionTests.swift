import CurlHTTP
import Foundation
import S3Backend
import Testing

/// Credentials, signers and signed requests end up in logs and error messages; none of their
/// textual forms may show the secret key, the session token or a signature.
struct SecretRedactionTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    static let token = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKENvalue"
    static let credentials = AWSCredentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: secret,
                                            sessionToken: token,
                                            expiration: Date(timeIntervalSince1970: 1_369_353_600))
    static let date = Date(timeIntervalSince1970: 1_369_353_600)

    /// Every way Swift turns a value into text.
    static func renderings(of value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        let mirror = Mirror(reflecting: value).children.map { "\($0.label ?? ""): \($0.value)" }
        return [String(describing: value), String(reflecting: value), "\(value)", dumped] + mirror
    }

    @Test func credentialsShowNeitherSecretNorToken() {
        #expect(Self.credentials.description.hasPrefix("AKIA…MPLE (secret hidden, session token hidden, expires "))
        #expect(AWSCredentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: Self.secret).description
                == "AKIA…MPLE (secret hidden)")
        for text in Self.renderings(of: Self.credentials) + Self.renderings(of: [Self.credentials]) {
            #expect(!text.contains(Self.secret))
            #expect(!text.contains(Self.token))
            #expect(!text.contains("AKIAIOSFODNN7EXAMPLE"))
        }
    }

    @Test func shortAccessKeyIDsAreHiddenWhole() {
        let credentials = AWSCredentials(accessKeyID: "minio", secretAccessKey: "minio123")
        #expect(credentials.description == "… (secret hidden)")
    }

    @Test func signersShowNeitherSecretNorToken() {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1")
        for text in Self.renderings(of: signer) {
            #expect(!text.contains(Self.secret))
            #expect(!text.contains(Self.token))
        }
    }

    @Test func signedRequestsShowNoSecretTokenOrSignature() {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1")
        var request = HTTPRequest(method: "GET", host: "examplebucket.s3.amazonaws.com", path: "/test.txt",
                                  headers: [HTTPHeader("Range", "bytes=0-9")])
        signer.sign(&request, at: Self.date, payloadHash: SigV4Signer.emptyPayloadSHA256)
        let signature = signer.signature(for: request, at: Self.date, payloadHash: SigV4Signer.emptyPayloadSHA256)
        #expect(request.header("x-amz-security-token") == Self.token) // the request does carry it

        let texts = Self.renderings(of: request) + Self.renderings(of: [request])
        for text in texts {
            #expect(!text.contains(Self.secret))
            #expect(!text.contains(Self.token))
            #expect(!text.contains(signature))
        }
        // What is not secret is still there to help debugging.
        #expect(request.description.contains("GET https://examplebucket.s3.amazonaws.com/test.txt"))
        #expect(request.description.contains("Range: bytes=0-9"))
        #expect(request.description.contains("Authorization: <redacted>"))
    }

    @Test func credentialEndpointTokensAreRedacted() {
        let request = HTTPRequest(method: "GET", scheme: "http", host: "169.254.169.254", path: "/latest/meta-data/iam/security-credentials/role",
                                  headers: [HTTPHeader("X-aws-ec2-metadata-token", "imds-session-token-value"),
                                            HTTPHeader("Authorization", "container-authorization-value")])
        for text in Self.renderings(of: request) + [request.redactedHeaders.map(\.value).joined()] {
            #expect(!text.contains("imds-session-token-value"))
            #expect(!text.contains("container-authorization-value"))
        }
        #expect(request.description.contains("X-aws-ec2-metadata-token: <redacted>"))
    }
}
