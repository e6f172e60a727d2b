import CChecksums
import ObjectStore

/// The CRC of bytes A then B from the CRCs of A and B and B's length, for the CRC algorithms
/// (CRC64NVME, CRC32, CRC32C): what lets the ranges of a large object, read side by side, be
/// checked against the object's stored full-object CRC without reading it twice.
public enum CRCCombination {
    /// Whether `algorithm` combines (the CRCs do, the SHA digests do not).
    public static func supports(_ algorithm: ChecksumAlgorithm) -> Bool {
        switch algorithm {
        case .crc64nvme, .crc32, .crc32c: true
        case .sha1, .sha256: false
        }
    }

    /// The checksum of A then B, in S3's big-endian bytes, from A's and B's (same form) and B's
    /// length; `nil` for an algorithm that does not combine or values of the wrong length.
    public static func combine(_ algorithm: ChecksumAlgorithm, _ first: [UInt8], then second: [UInt8], secondLength: Int64) -> [UInt8]? {
        guard first.count == algorithm.byteCount, second.count == algorithm.byteCount, secondLength >= 0 else { return nil }
        let length = UInt64(secondLength)
        switch algorithm {
        case .crc32:
            return bytes(of: s3clone_crc32_combine(value(first), value(second), length))
        case .crc32c:
            return bytes(of: s3clone_crc32c_combine(value(first), value(second), length))
        case .crc64nvme:
            return bytes(of: s3clone_crc64nvme_combine(value(first), value(second), length))
        case .sha1, .sha256:
            return nil
        }
    }

    private static func value<Value: FixedWidthInteger>(_ bytes: [UInt8]) -> Value {
        bytes.reduce(Value.zero) { $0 << 8 | Value($1) }
    }

    private static func bytes<Value: FixedWidthInteger>(of value: Value) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian, Array.init)
    }
}
