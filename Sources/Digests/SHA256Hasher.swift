import ObjectStore

/// SHA-256 of one buffer, the hash Signature Version 4 takes of payloads and canonical requests.
///
/// The functions are static and can be called from anywhere.
public enum SHA256Hasher {
    /// The length of a SHA-256 digest in bytes.
    public static let byteCount = 32

    /// The SHA-256 of one buffer, in one call.
    public static func digest(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        bytes.withContiguousBytes { EVPDigest.digest(.sha256, of: $0) }
    }

    /// The SHA-256 of one buffer as 64 lower-case hex digits, the form SigV4 signs and sends.
    public static func hexDigest(_ bytes: some Sequence<UInt8>) -> String {
        HexEncoding.encode(digest(bytes))
    }
}
