import CurlHTTP
import Digests
import ObjectStore

extension SigV4Signer {
    /// Every intermediate value of signing one request, worked out once.
    struct Signing: Sendable {
        /// The request exactly as signed (every signed header and parameter present).
        var request: HTTPRequest
        var scope: String
        var canonicalRequest: SigV4CanonicalRequest
        var stringToSign: String
        var signature: String
    }

    /// Signs a request that already carries every header and query parameter to be signed.
    func signing(prepared request: HTTPRequest, timestamp: SigV4Timestamp, payloadHash: String) -> Signing {
        let canonical = SigV4CanonicalRequest(request: request, payloadHash: payloadHash, pathStyle: options.pathStyle)
        let scope = credentialScope(timestamp)
        let stringToSign = String(concatenating: Self.algorithm, "\n", timestamp.amzDate, "\n", scope, "\n",
                                  SHA256Hasher.hexDigest(canonical.text.utf8))
        let signature = HexEncoding.encode(
            HMACSHA256.authenticationCode(key: signingKey(dateStamp: timestamp.dateStamp), message: stringToSign.utf8))
        return Signing(request: request, scope: scope, canonicalRequest: canonical,
                       stringToSign: stringToSign, signature: signature)
    }

    /// `date/region/service/aws4_request`.
    func credentialScope(_ timestamp: SigV4Timestamp) -> String {
        String(concatenating: timestamp.dateStamp, "/", region, "/", service, "/aws4_request")
    }

    /// The signing key of one day, region and service: HMAC-SHA256 chained from `AWS4` + secret
    /// over the date stamp, region, service and `aws4_request`.
    ///
    /// It is as sensitive as the secret for that day, so it stays internal.
    func signingKey(dateStamp: String) -> [UInt8] {
        guard let keyCache else { return derivedSigningKey(dateStamp: dateStamp) }
        return keyCache.key(secret: credentials.secretAccessKey, dateStamp: dateStamp, region: region, service: service) {
            derivedSigningKey(dateStamp: dateStamp)
        }
    }

    private func derivedSigningKey(dateStamp: String) -> [UInt8] {
        var key = HMACSHA256.authenticationCode(key: ("AWS4" + credentials.secretAccessKey).utf8,
                                                message: dateStamp.utf8)
        for part in [region, service, "aws4_request"] {
            key = HMACSHA256.authenticationCode(key: key, message: part.utf8)
        }
        return key
    }
}
