import CCrypto

/// SHA-256 over OpenSSL's EVP interface: one-shot (``digest(_:)``) or streaming.
///
/// A hasher serves one stream of bytes and owns a C context, so it is not thread-safe; the static
/// one-shot functions can be called from anywhere. Feeding a hasher costs no allocation.
public final class SHA256Hasher {
    /// The length of a SHA-256 digest in bytes.
    public static let byteCount = 32

    private let context: OpaquePointer

    /// Starts an empty digest.
    public init() {
        guard let context = EVP_MD_CTX_new() else {
            fatalError("EVP_MD_CTX_new failed: out of memory")
        }
        self.context = context
        guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            fatalError("EVP_DigestInit_ex(SHA-256) failed: this libcrypto has no SHA-256")
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

    /// Adds bytes to the digest, copying them first only if they are not contiguous.
    public func update(_ bytes: some Sequence<UInt8>) {
        Self.withContiguousBytes(bytes) { update($0) }
    }

    /// Ends the stream and returns its 32-byte digest; the hasher must not be fed afterwards.
    public func finalize() -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(context, &output, &length) == 1 else {
            fatalError("EVP_DigestFinal_ex(SHA-256) failed")
        }
        return Array(output.prefix(Int(length)))
    }

    /// The SHA-256 of one buffer, in one call (`EVP_Digest`).
    public static func digest(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let status = withContiguousBytes(bytes) { buffer in
            // EVP_Digest wants a pointer even for no bytes; any valid address will do.
            withUnsafeBytes(of: UInt8(0)) { placeholder in
                EVP_Digest(buffer.baseAddress ?? placeholder.baseAddress, buffer.count,
                           &output, &length, EVP_sha256(), nil)
            }
        }
        guard status == 1 else { fatalError("EVP_Digest(SHA-256) failed") }
        return Array(output.prefix(Int(length)))
    }

    /// The SHA-256 of one buffer as 64 lower-case hex digits, the form SigV4 signs and sends.
    public static func hexDigest(_ bytes: some Sequence<UInt8>) -> String {
        HexEncoding.encode(digest(bytes))
    }

    /// Calls `body` with the bytes in one buffer, borrowing the caller's storage when it has one.
    static func withContiguousBytes<Result>(
        _ bytes: some Sequence<UInt8>, _ body: (UnsafeRawBufferPointer) -> Result
    ) -> Result {
        if let result = bytes.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return Array(bytes).withUnsafeBytes(body)
    }
}
