import CurlHTTP
import Digests
import Foundation
import ObjectStore
@testable import S3Backend
import Testing

/// The worked examples of the S3 API Reference (`Tests/Fixtures/sigv4/s3-examples`), with the
/// inputs of its `inputs.txt`, checked byte for byte.
struct SigV4S3ExampleTests {
    static let credentials = AWSCredentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE",
                                            secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    /// The examples print `Authorization` without spaces after the commas.
    static let signer = SigV4Signer(credentials: credentials, region: "us-east-1",
                                    options: SigV4Signer.Options(authorizationStyle: .compact))
    static let date = Date(timeIntervalSince1970: 1_369_353_600) // 2013-05-24T00:00:00Z

    static let headerCases = ["get-object-range", "list-objects", "get-bucket-lifecycle", "put-object"]

    @Test(arguments: headerCases)
    func headerSignature(name: String) throws {
        let vector = SigV4Vector.s3Example(name)
        let raw = try vector.request()
        let request = raw.s3Request
        let payloadHash = SHA256Hasher.hexDigest(raw.body)
        #expect(try raw.amzDate == Self.date)

        let signer = Self.signer
        #expect(signer.canonicalRequest(for: request, at: Self.date, payloadHash: payloadHash) == (try vector.text("creq")))
        #expect(signer.stringToSign(for: request, at: Self.date, payloadHash: payloadHash) == (try vector.text("sts")))
        let authorization = try vector.text("authz")
        #expect(signer.authorization(for: request, at: Self.date, payloadHash: payloadHash) == authorization)
        #expect(authorization.hasSuffix("Signature=" + signer.signature(for: request, at: Self.date, payloadHash: payloadHash)))

        var signed = request
        signer.sign(&signed, at: Self.date, payloadHash: payloadHash)
        #expect(signed.header("Authorization") == authorization)
        #expect(signed.header("x-amz-content-sha256") == payloadHash)
        #expect(signed.header("x-amz-date") == "20130524T000000Z")
    }

    /// The same requests built the way the backend builds them (no `x-amz-*` headers: `sign`
    /// adds them) sign the same.
    @Test func signAddsTheHeadersTheExamplesShow() throws {
        var request = HTTPRequest(method: "GET", host: "examplebucket.s3.amazonaws.com",
                                  path: "/" + URIEncoding.encode("test.txt", keepingSlashes: true),
                                  headers: [HTTPHeader("Range", "bytes=0-9")])
        Self.signer.sign(&request, at: Self.date, payloadHash: SigV4Signer.emptyPayloadSHA256)
        #expect(request.header("Authorization") == (try SigV4Vector.s3Example("get-object-range").text("authz")))
        #expect(request.headers.map { $0.name.lowercased() }.sorted()
                == ["authorization", "range", "x-amz-content-sha256", "x-amz-date"])

        var put = HTTPRequest(method: "PUT", host: "examplebucket.s3.amazonaws.com",
                              path: "/" + URIEncoding.encode("test$file.text", keepingSlashes: true),
                              headers: [HTTPHeader("Date", "Fri, 24 May 2013 00:00:00 GMT"),
                                        HTTPHeader("x-amz-storage-class", "REDUCED_REDUNDANCY")])
        let body = Array("Welcome to Amazon S3.".utf8)
        Self.signer.sign(&put, at: Self.date, payloadHash: SHA256Hasher.hexDigest(body))
        #expect(put.header("Authorization") == (try SigV4Vector.s3Example("put-object").text("authz")))
    }

    @Test func signingKeyMatchesTheReference() {
        #expect(HexEncoding.encode(Self.signer.signingKey(dateStamp: "20130524"))
                == "dbb893acc010964918f1fd433add87c70e8b0db6be30c1fbeafefa5ec6ba8378")
        #expect(Self.signer.credentialScope(at: Self.date) == "20130524/us-east-1/s3/aws4_request")
    }

    @Test func payloadHashesOfTheExamples() {
        #expect(SHA256Hasher.hexDigest([UInt8]()) == SigV4Signer.emptyPayloadSHA256)
        #expect(SHA256Hasher.hexDigest("Welcome to Amazon S3.".utf8)
                == "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072")
    }

    /// Every example folder on disk is checked by one of the tests above.
    @Test func everyExampleIsChecked() {
        let onDisk = SigV4Vector.allCasePaths(in: SigV4Vector.s3Example("").collection)
        #expect(onDisk == Set(Self.headerCases))
    }
}
