import CurlHTTP
import Digests
import Foundation
@testable import S3Backend
import Testing

/// The AWS Signature Version 4 test suite (`Tests/Fixtures/sigv4/aws-sig-v4-test-suite`), every
/// case checked byte for byte: canonical request, string to sign, `Authorization`.
///
/// The suite describes the generic service, which S3 differs from in two ways (see the fixture
/// README): S3 neither normalizes nor re-encodes the path, and S3 requires `x-amz-content-sha256`.
/// So:
/// - ``s3Cases``, the cases whose expectations hold for S3 too, run with the S3 path rule and
///   without `x-amz-content-sha256` (which the suite does not include);
/// - ``genericOnlyCases`` (`normalize-path/*`, `get-utf8`, `get-unreserved`) run only in
///   ``SigV4Signer/PathStyle/generic`` mode, as the README requires;
/// - every case also runs in generic mode, which is what the suite specifies.
///
/// The suite's `.req` files show paths unencoded. In S3 mode the path is treated as an object key
/// and encoded once, as the backend does. In generic mode it is used verbatim as the path sent;
/// the generic rule encodes it once more, which gives the suite's (once-encoded) canonical URI.
/// Either way, no case is skipped.
struct SigV4TestSuiteTests {
    /// The cases that say something true about S3.
    static let s3Cases = [
        "get-header-key-duplicate",
        "get-header-value-multiline",
        "get-header-value-order",
        "get-header-value-trim",
        "get-vanilla",
        "get-vanilla-empty-query-key",
        "get-vanilla-query",
        "get-vanilla-query-order-encoded",
        "get-vanilla-query-order-key",
        "get-vanilla-query-order-key-case",
        "get-vanilla-query-order-value",
        "get-vanilla-query-unreserved",
        "get-vanilla-utf8-query",
        "get-vanilla-with-session-token",
        "post-header-key-case",
        "post-header-key-sort",
        "post-header-value-case",
        // The token was added after signing; S3 signs it, but this signing of the rest still holds.
        "post-sts-token/post-sts-header-after",
        "post-sts-token/post-sts-header-before",
        "post-vanilla",
        "post-vanilla-empty-query-value",
        "post-vanilla-query",
        "post-x-www-form-urlencoded",
        "post-x-www-form-urlencoded-parameters",
    ]

    /// The cases that need the generic service's path rule (normalization, double encoding).
    static let genericOnlyCases = [
        "get-unreserved",
        "get-utf8",
        "normalize-path/get-relative",
        "normalize-path/get-relative-relative",
        "normalize-path/get-slash",
        "normalize-path/get-slash-dot-slash",
        "normalize-path/get-slash-pointless-dot",
        "normalize-path/get-slashes",
        "normalize-path/get-space",
        "normalize-path/get-special-character",
    ]

    /// The session token of `get-vanilla-with-session-token` (botocore's addition to the suite); a
    /// case whose request carries `X-Amz-Security-Token` is signed with that token instead.
    static let sessionToken = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"

    static func signer(for raw: RawHTTPRequest, case path: String, options: SigV4Signer.Options) -> SigV4Signer {
        let carried = raw.headers.first { $0.name.lowercased() == "x-amz-security-token" }?.value
        let token = carried ?? (path == "get-vanilla-with-session-token" ? sessionToken : nil)
        let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE",
                                         secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                         sessionToken: token)
        return SigV4Signer(credentials: credentials, region: "us-east-1", service: "service", options: options)
    }

    /// Signs the case's request and compares every step with the expected files.
    static func check(_ vector: SigV4Vector, options: SigV4Signer.Options) throws {
        let raw = try vector.request()
        let signer = signer(for: raw, case: vector.path, options: options)
        let request = options.pathStyle == .s3 ? raw.s3Request : raw.verbatimRequest
        let date = try raw.amzDate
        let payloadHash = SHA256Hasher.hexDigest(raw.body)

        #expect(signer.canonicalRequest(for: request, at: date, payloadHash: payloadHash) == (try vector.text("creq")))
        #expect(signer.stringToSign(for: request, at: date, payloadHash: payloadHash) == (try vector.text("sts")))
        let authorization = try vector.text("authz")
        #expect(signer.authorization(for: request, at: date, payloadHash: payloadHash) == authorization)

        var signed = request
        signer.sign(&signed, at: date, payloadHash: payloadHash)
        #expect(signed.header("Authorization") == authorization)
    }

    /// The suite's options in S3 mode: S3's path rule, no `x-amz-content-sha256`, `, ` separators.
    static let s3Options = SigV4Signer.Options(pathStyle: .s3, sendsContentSHA256: false, authorizationStyle: .spaced)

    @Test(arguments: s3Cases)
    func s3Mode(path: String) throws {
        try Self.check(.suite(path), options: Self.s3Options)
    }

    @Test(arguments: s3Cases + genericOnlyCases)
    func genericMode(path: String) throws {
        try Self.check(.suite(path), options: .generic)
    }

    /// No case on disk is left out of both lists (nor listed twice).
    @Test func everyCaseIsListed() {
        let listed = Self.s3Cases + Self.genericOnlyCases
        #expect(Set(listed).count == listed.count)
        let onDisk = SigV4Vector.allCasePaths(in: SigV4Vector.suite("").collection)
        #expect(onDisk.count == 34)
        #expect(Set(listed) == onDisk)
    }

    /// The generic-only path cases do differ under S3's rule: S3 keeps what the generic rule
    /// normalizes away, so checking them in S3 mode would be wrong, not merely redundant.
    @Test(arguments: [
        ("normalize-path/get-slashes", "//example//"),
        ("normalize-path/get-relative", "/example/.."),
        ("normalize-path/get-slash-dot-slash", "/./"),
        ("normalize-path/get-relative-relative", "/example1/example2/../.."),
    ])
    func s3KeepsWhatTheGenericRuleNormalizes(path: String, s3URI: String) throws {
        let vector = SigV4Vector.suite(path)
        let raw = try vector.request()
        let signer = Self.signer(for: raw, case: path, options: Self.s3Options)
        let canonical = signer.canonicalRequest(for: raw.s3Request, at: try raw.amzDate,
                                                payloadHash: SigV4Signer.emptyPayloadSHA256)
        #expect(canonical.split(separator: "\n", omittingEmptySubsequences: false)[1] == s3URI[...])
        #expect(canonical != (try vector.text("creq")))
    }
}
