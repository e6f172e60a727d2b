import CCrypto

/// HMAC-SHA256 (RFC 2104) through OpenSSL's one-shot `HMAC()`, the keyed hash SigV4 chains to
/// derive its signing key and to sign.
public enum HMACSHA256 {
    /// The length of an HMAC-SHA256 code in bytes.
    public static let byteCount = 32

    /// The HMAC-SHA256 of `message` under `key`.
    public static func authenticationCode(key: some Sequence<UInt8>, message: some Sequence<UInt8>) -> [UInt8] {
        let code = key.withContiguousBytes { keyBuffer in
            message.withContiguousBytes { messageBuffer in
                EVPDigest.output { output, length in
                    // HMAC() wants pointers even for empty inputs; any valid address will do.
                    withUnsafeBytes(of: UInt8(0)) { placeholder in
                        HMAC(EVPDigest.Algorithm.sha256.messageDigest,
                             keyBuffer.baseAddress ?? placeholder.baseAddress, Int32(keyBuffer.count),
                             (messageBuffer.baseAddress ?? placeholder.baseAddress)?
                                .assumingMemoryBound(to: UInt8.self),
                             messageBuffer.count, output, length) == nil ? 0 : 1
                    }
                }
            }
        }
        guard let code else { fatalError("HMAC(SHA-256) failed") }
        return code
    }
}
