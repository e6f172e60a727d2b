import CCrypto

/// HMAC-SHA256 (RFC 2104) through OpenSSL's one-shot `HMAC()`, the keyed hash SigV4 chains to
/// derive its signing key and to sign.
public enum HMACSHA256 {
    /// The length of an HMAC-SHA256 code in bytes.
    public static let byteCount = 32

    /// The HMAC-SHA256 of `message` under `key`.
    public static func authenticationCode(key: some Sequence<UInt8>, message: some Sequence<UInt8>) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let result = SHA256Hasher.withContiguousBytes(key) { keyBuffer in
            SHA256Hasher.withContiguousBytes(message) { messageBuffer in
                // HMAC() wants pointers even for empty inputs; any valid address will do.
                withUnsafeBytes(of: UInt8(0)) { placeholder in
                    HMAC(EVP_sha256(),
                         keyBuffer.baseAddress ?? placeholder.baseAddress, Int32(keyBuffer.count),
                         (messageBuffer.baseAddress ?? placeholder.baseAddress)?
                            .assumingMemoryBound(to: UInt8.self),
                         messageBuffer.count, &output, &length)
                }
            }
        }
        guard result != nil else { fatalError("HMAC(SHA-256) failed") }
        return Array(output.prefix(Int(length)))
    }
}
