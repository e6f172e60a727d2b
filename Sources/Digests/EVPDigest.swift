import CCrypto

/// One OpenSSL message-digest context (`EVP_MD_CTX`): the only owner of EVP digest calls, which
/// ``MD5Hasher``, ``SHA256Hasher`` and ``ChecksumHasher`` share.
///
/// Every EVP result is checked. They fail only when libcrypto lacks the algorithm or memory, which
/// no caller can recover from, so a failure stops the process with the call that failed named.
/// A digest serves one stream of bytes; it is not thread-safe. Feeding it costs no allocation.
final class EVPDigest {
    /// The digest algorithms this package uses.
    enum Algorithm: String {
        case md5 = "MD5"
        case sha1 = "SHA-1"
        case sha256 = "SHA-256"

        /// The libcrypto description of the algorithm (static, never freed).
        var messageDigest: OpaquePointer? {
            switch self {
            case .md5: EVP_md5()
            case .sha1: EVP_sha1()
            case .sha256: EVP_sha256()
            }
        }
    }

    private let algorithm: Algorithm
    private let context: OpaquePointer

    /// Starts an empty digest.
    init(_ algorithm: Algorithm) {
        guard let context = EVP_MD_CTX_new() else {
            fatalError("EVP_MD_CTX_new failed: out of memory")
        }
        self.algorithm = algorithm
        self.context = context
        Self.check(EVP_DigestInit_ex(context, algorithm.messageDigest, nil), "EVP_DigestInit_ex", algorithm)
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    /// Adds bytes to the digest.
    func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        Self.check(EVP_DigestUpdate(context, base, bytes.count), "EVP_DigestUpdate", algorithm)
    }

    /// Ends the stream and returns the digest's bytes; the digest must not be fed afterwards.
    func finalize() -> [UInt8] {
        guard let digest = Self.output({ output, length in EVP_DigestFinal_ex(context, output, length) }) else {
            Self.failed("EVP_DigestFinal_ex", algorithm)
        }
        return digest
    }

    /// The digest of one buffer, in one call (`EVP_Digest`).
    static func digest(_ algorithm: Algorithm, of bytes: UnsafeRawBufferPointer) -> [UInt8] {
        let digest = output { output, length in
            // EVP_Digest wants a pointer even for no bytes; any valid address will do.
            withUnsafeBytes(of: UInt8(0)) { placeholder in
                EVP_Digest(bytes.baseAddress ?? placeholder.baseAddress, bytes.count, output, length,
                           algorithm.messageDigest, nil)
            }
        }
        guard let digest else { failed("EVP_Digest", algorithm) }
        return digest
    }

    /// Runs `call` with an output buffer of `EVP_MAX_MD_SIZE` bytes and its length; the bytes it
    /// wrote, or `nil` when it did not return 1.
    static func output(_ call: (UnsafeMutablePointer<UInt8>, UnsafeMutablePointer<UInt32>) -> Int32) -> [UInt8]? {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let status = output.withUnsafeMutableBufferPointer { call($0.baseAddress!, &length) }
        guard status == 1 else { return nil }
        return Array(output.prefix(Int(length)))
    }

    private static func check(_ status: Int32, _ call: String, _ algorithm: Algorithm) {
        if status != 1 { failed(call, algorithm) }
    }

    private static func failed(_ call: String, _ algorithm: Algorithm) -> Never {
        fatalError("\(call)(\(algorithm.rawValue)) failed: this libcrypto cannot compute \(algorithm.rawValue)")
    }
}
