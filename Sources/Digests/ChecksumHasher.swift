import CChecksums
import CZlib
import ObjectStore

/// A running checksum of one stream of bytes in one ``ChecksumAlgorithm``.
///
/// CRC32 comes from zlib; CRC32C and CRC64NVME from the package's C shim, with the CPU's
/// instructions where it has them (SSE4.2 `crc32` and PCLMULQDQ or AVX-512 VPCLMULQDQ folding on x86-64, the CRC32
/// extension on AArch64) and a table otherwise; SHA-1 and SHA-256 from libcrypto. Feeding it
/// allocates nothing. Not thread-safe: one stream, one hasher.
public struct ChecksumHasher {
    private enum State {
        case crc32(UInt32)
        case crc32c(UInt32)
        case crc64nvme(UInt64)
        case digest(EVPDigest)
    }

    /// The algorithm it computes.
    public let algorithm: ChecksumAlgorithm
    private var state: State

    /// Starts an empty checksum.
    public init(_ algorithm: ChecksumAlgorithm) {
        self.algorithm = algorithm
        switch algorithm {
        case .crc32: state = .crc32(0)
        case .crc32c: state = .crc32c(0)
        case .crc64nvme: state = .crc64nvme(0)
        case .sha1: state = .digest(EVPDigest(.sha1))
        case .sha256: state = .digest(EVPDigest(.sha256))
        }
    }

    /// Adds bytes.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        switch state {
        case .crc32(let crc):
            state = .crc32(UInt32(truncatingIfNeeded: crc32_z(UInt(crc), base.assumingMemoryBound(to: UInt8.self), bytes.count)))
        case .crc32c(let crc):
            state = .crc32c(s3clone_crc32c(crc, base, bytes.count))
        case .crc64nvme(let crc):
            state = .crc64nvme(s3clone_crc64nvme(crc, base, bytes.count))
        case .digest(let digest):
            digest.update(bytes)
        }
    }

    /// Ends the stream and returns the checksum's bytes (a CRC big-endian, as S3 stores it); the
    /// hasher must not be fed afterwards.
    public func finalize() -> [UInt8] {
        switch state {
        case .crc32(let crc), .crc32c(let crc): Self.bigEndianBytes(of: crc)
        case .crc64nvme(let crc): Self.bigEndianBytes(of: crc)
        case .digest(let digest): digest.finalize()
        }
    }

    /// The checksum of one buffer.
    public static func checksum(_ algorithm: ChecksumAlgorithm, of bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var hasher = ChecksumHasher(algorithm)
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Which of the C shim's accelerated paths this CPU takes (for logs and benchmarks).
    /// `wideCRC64NVME`: the 512-bit (AVX-512 VPCLMULQDQ) path of CRC64NVME.
    public static var accelerated: (crc32c: Bool, crc64nvme: Bool, wideCRC64NVME: Bool) {
        let paths = s3clone_checksums_accelerated()
        return (paths & 1 != 0, paths & 2 != 0, paths & 4 != 0)
    }

    private static func bigEndianBytes<Value: FixedWidthInteger>(of value: Value) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian, Array.init)
    }
}
