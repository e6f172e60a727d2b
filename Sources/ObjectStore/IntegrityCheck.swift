/// What the bytes of one copy were checked against, strongest first: a checksum the source keeps
/// of the whole object, a composite one of its parts, its plain MD5 ETag, the multipart form of its ETag, or nothing beyond the
/// byte count.
///
/// A store's ``ObjectStore/readChecked(_:into:)`` answers which check it made (and throws
/// `corrupt` when the bytes fail it); the transfer counts copies by it.
public enum IntegrityCheck: Hashable, Sendable, Comparable {
    /// A full-object checksum the source keeps (S3's `x-amz-checksum-*`), recomputed on the bytes.
    case storedChecksum(ChecksumAlgorithm)
    /// A composite checksum the source keeps (S3's `x-amz-checksum-*` ending in `-N`): each part's
    /// checksum recomputed in the upload's part size, and the checksum of those.
    case compositeChecksum(ChecksumAlgorithm)
    /// A plain ETag that is the MD5 of the bytes (S3 without multipart upload, SSE-KMS or SSE-C).
    case md5ETag
    /// A multipart ETag (`<hex>-N`): the MD5 of the parts' MD5s, recomputed in the upload's part size.
    case multipartETag
    /// Only the byte count: the source keeps nothing to check the bytes against.
    case sizeOnly

    /// Whether the bytes themselves were checked (anything but ``sizeOnly``).
    public var checksBytes: Bool { self != .sizeOnly }

    /// How the check reads in a summary: `CRC64NVME`, `composite CRC32`, `MD5 ETag`, `multipart ETag`, `size only`.
    public var label: String {
        switch self {
        case .storedChecksum(let algorithm): algorithm.rawValue
        case .compositeChecksum(let algorithm): "composite \(algorithm.rawValue)"
        case .md5ETag: "MD5 ETag"
        case .multipartETag: "multipart ETag"
        case .sizeOnly: "size only"
        }
    }

    private var rank: Int {
        switch self {
        case .storedChecksum(let algorithm): ChecksumAlgorithm.allCases.firstIndex(of: algorithm) ?? 0
        case .compositeChecksum(let algorithm): ChecksumAlgorithm.allCases.count + (ChecksumAlgorithm.allCases.firstIndex(of: algorithm) ?? 0)
        case .md5ETag: 2 * ChecksumAlgorithm.allCases.count
        case .multipartETag: 2 * ChecksumAlgorithm.allCases.count + 1
        case .sizeOnly: 2 * ChecksumAlgorithm.allCases.count + 2
        }
    }

    /// Stronger checks sort first.
    public static func < (lhs: IntegrityCheck, rhs: IntegrityCheck) -> Bool { lhs.rank < rhs.rank }
}
