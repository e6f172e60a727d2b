import ObjectStore

/// Streaming MD5, the checksum S3 reports as the ETag of a single-part upload.
///
/// One hasher serves one stream of bytes; it is not thread-safe. Feeding it costs no allocation.
public final class MD5Hasher {
    private let digest = EVPDigest(.md5)

    /// Starts an empty digest.
    public init() {}

    /// Adds bytes to the digest.
    public func update(_ bytes: UnsafeRawBufferPointer) {
        digest.update(bytes)
    }

    /// Ends the stream and returns its digest; the hasher must not be fed afterwards.
    public func finalize() -> MD5Digest {
        MD5Digest(bytes: digest.finalize())!
    }

    /// The MD5 of one buffer.
    public static func digest(_ bytes: some Sequence<UInt8>) -> MD5Digest {
        MD5Digest(bytes: bytes.withContiguousBytes { EVPDigest.digest(.md5, of: $0) })!
    }
}
