import CurlHTTP
import Foundation
import ObjectStore
@testable import S3Backend
import Testing

/// What `sign` adds to a request, beyond the published vectors.
struct SigV4SignerTests {
    static let credentials = AWSCredentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE",
                                            secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    static let temporary = AWSCredentials(accessKeyID: "ASIAIOSFODNN7EXAMPLE",
                                          secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                                          sessionToken: "IQoJb3JpZ2luX2VjEXAMPLETOKEN//+==")
    static let date = Date(timeIntervalSince1970: 1_369_353_600)
    static let request = HTTPRequest(method: "GET", host: "examplebucket.s3.amazonaws.com", path: "/test.txt")

    @Test func signAddsDateContentHashAndAuthorization() {
        var request = Self.request
        SigV4Signer(credentials: Self.credentials, region: "us-east-1")
            .sign(&request, at: Self.date, payloadHash: "UNSIGNED-PAYLOAD")
        #expect(request.header("x-amz-date") == "20130524T000000Z")
        #expect(request.header("x-amz-content-sha256") == "UNSIGNED-PAYLOAD")
        #expect(request.header("x-amz-security-token") == nil)
        let authorization = request.header("Authorization") ?? ""
        #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature="))
    }

    @Test func temporaryCredentialsSignTheSessionToken() {
        let signer = SigV4Signer(credentials: Self.temporary, region: "eu-west-1")
        var request = Self.request
        signer.sign(&request, at: Self.date, payloadHash: SigV4Signer.emptyPayloadSHA256)
        #expect(request.header("x-amz-security-token") == Self.temporary.sessionToken)
        #expect(request.header("Authorization")?.contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,") == true)
        #expect(signer.canonicalRequest(for: Self.request, at: Self.date, payloadHash: SigV4Signer.emptyPayloadSHA256)
            .contains("\nx-amz-security-token:IQoJb3JpZ2luX2VjEXAMPLETOKEN//+==\n"))
    }

    @Test func genericOptionsLeaveOutTheContentHash() {
        var request = Self.request
        SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "sts", options: .generic)
            .sign(&request, at: Self.date, payloadHash: SigV4Signer.emptyPayloadSHA256)
        #expect(request.header("x-amz-content-sha256") == nil)
        #expect(request.header("Authorization")?.contains("/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, ") == true)
    }

    /// Signing again (a retry, a minute later) replaces every signing header instead of adding one.
    @Test func signingAgainReplacesTheSigningHeaders() {
        let signer = SigV4Signer(credentials: Self.temporary, region: "us-east-1")
        var once = Self.request
        signer.sign(&once, at: Self.date, payloadHash: SigV4Signer.emptyPayloadSHA256)
        var twice = once
        signer.sign(&twice, at: Self.date.addingTimeInterval(60), payloadHash: SigV4Signer.emptyPayloadSHA256)
        #expect(twice.headers.count == once.headers.count)
        #expect(twice.header("x-amz-date") == "20130524T000100Z")
        #expect(twice.header("Authorization") != once.header("Authorization"))

        var fresh = Self.request
        signer.sign(&fresh, at: Self.date.addingTimeInterval(60), payloadHash: SigV4Signer.emptyPayloadSHA256)
        #expect(Set(fresh.headers) == Set(twice.headers))
    }

    /// The step functions describe the request `sign` produces.
    @Test func stepsAgreeWithSign() {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1")
        var request = Self.request
        request.setHeader("Range", "bytes=0-9")
        let hash = SigV4Signer.emptyPayloadSHA256
        let signature = signer.signature(for: request, at: Self.date, payloadHash: hash)
        let authorization = signer.authorization(for: request, at: Self.date, payloadHash: hash)
        #expect(authorization.hasSuffix(", Signature=" + signature))
        #expect(signature.utf8.count == 64)
        signer.sign(&request, at: Self.date, payloadHash: hash)
        #expect(request.header("Authorization") == authorization)
        // Signing an already signed request gives the same result: old signing headers are ignored.
        #expect(signer.authorization(for: request, at: Self.date, payloadHash: hash) == authorization)
    }

    @Test func authorizationStyles() {
        let compact = SigV4Signer(credentials: Self.credentials, region: "us-east-1",
                                  options: SigV4Signer.Options(authorizationStyle: .compact))
        let spaced = SigV4Signer(credentials: Self.credentials, region: "us-east-1")
        let hash = SigV4Signer.emptyPayloadSHA256
        let a = compact.authorization(for: Self.request, at: Self.date, payloadHash: hash)
        let b = spaced.authorization(for: Self.request, at: Self.date, payloadHash: hash)
        #expect(a.replacingOccurrences(of: ",", with: ", ") == b)
        #expect(!a.contains(", "))
    }
}
