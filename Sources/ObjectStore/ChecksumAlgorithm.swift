/// An algorithm S3 can store a checksum in beside an object (`x-amz-checksum-*`), strongest check
/// first in the order a download prefers them.
///
/// A CRC is stored as its value in big-endian bytes, a digest as its bytes; S3 sends either in
/// base64.
public enum ChecksumAlgorithm: String, CaseIterable, Hashable, Sendable {
    case crc64nvme = "CRC64NVME"
    case crc32 = "CRC32"
    case crc32c = "CRC32C"
    case sha1 = "SHA1"
    case sha256 = "SHA256"

    /// The length of a checksum in bytes.
    public var byteCount: Int {
        switch self {
        case .crc32, .crc32c: 4
        case .crc64nvme: 8
        case .sha1: 20
        case .sha256: 32
        }
    }

    /// The response header that carries it (`x-amz-checksum-crc64nvme`, ...), in lower case.
    public var headerName: String { "x-amz-checksum-" + rawValue.lowercased() }

    /// The algorithm S3 names `name` (`CRC64NVME`, `crc32c`, ...: case is ignored), if any.
    public init?(named name: String) {
        guard let algorithm = Self(rawValue: name.uppercased()) else { return nil }
        self = algorithm
    }
}
