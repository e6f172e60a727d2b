import CCrypto

/// Streaming MD5 over OpenSSL's EVP interface.
///
/// One hasher serves one stream of bytes; it is not thread-safe. Feeding it costs no allocation.
public final class MD5Hasher {
    private let context: OpaquePointer

    /// Starts an empty digest.
    public init() {
        guard let context = EVP_MD_CTX_new() else {
            fatalError("EVP_MD_CTX_new failed: out of memory")
        }
        self.context = context
        guard EVP_DigestInit_ex(context, EVP_md5(), nil) == 1 else {
            fatalError("EVP_DigestInit_ex(MD5) failed: this libcrypto has no MD5")
        }
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    /// Adds bytes to the digest.
    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        EVP_DigestUpdate(context, base, bytes.count)
    }

    /// Ends the stream and returns its digest; the hasher must not be fed afterwards.
    public func finalize() -> MD5Digest {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &output, &length)
        return MD5Digest(bytes: Array(output.prefix(Int(length))))!
    }

    /// The MD5 of one buffer.
    public static func digest(_ bytes: some Sequence<UInt8>) -> MD5Digest {
        let hasher = MD5Hasher()
        let array = Array(bytes)
        array.withUnsafeBytes { hasher.update($0) }
        return hasher.finalize()
    }
}
