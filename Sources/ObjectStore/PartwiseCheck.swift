/// A check of an object uploaded in parts, made in the upload's own layout: each part hashed on
/// its own, then the parts' digests, concatenated in part order, hashed again. S3 keeps two such
/// checks: a composite checksum (`x-amz-checksum-crc32: <base64>-N`) and the multipart ETag
/// (`"<md5 of the part MD5s>-N"`).
///
/// The layout is the one every common uploader makes: parts of ``partSize`` bytes, the last one
/// shorter. A store answers one only when the object's part count follows from that size.
public struct PartwiseCheck: Hashable, Sendable {
    /// What each part, and then the list of the parts' digests, is hashed with.
    public enum Digest: Hashable, Sendable {
        /// MD5, as in a multipart ETag.
        case md5
        /// A checksum algorithm, as in a composite checksum.
        case checksum(ChecksumAlgorithm)

        /// The length of one digest in bytes.
        public var byteCount: Int {
            switch self {
            case .md5: 16
            case .checksum(let algorithm): algorithm.byteCount
            }
        }

        /// `MD5`, `CRC32`, ...
        public var name: String {
            switch self {
            case .md5: "MD5"
            case .checksum(let algorithm): algorithm.rawValue
            }
        }
    }

    /// The digest of the parts and of their list.
    public var digest: Digest
    /// The size of every part but the last.
    public var partSize: Int64
    /// The number of parts.
    public var partCount: Int
    /// The digest of the parts' digests concatenated, as the store keeps it.
    public var value: [UInt8]
    /// Whether `value` may instead be the CRC of the whole object: the store keeps a CRC of an
    /// object uploaded in parts without saying which kind it is (some S3-compatible servers).
    /// A copy then passes when either kind matches.
    public var mayBeFullObject: Bool

    public init(digest: Digest, partSize: Int64, partCount: Int, value: [UInt8], mayBeFullObject: Bool = false) {
        self.digest = digest
        self.partSize = partSize
        self.partCount = partCount
        self.value = value
        self.mayBeFullObject = mayBeFullObject
    }

    /// The byte ranges of the parts of an object of `size` bytes.
    public func parts(ofSize size: Int64) -> [Range<Int64>] {
        stride(from: Int64(0), to: size, by: Int(partSize)).map { $0..<min($0 + partSize, size) }
    }

    /// What a copy that passes this check counts as.
    public var integrityCheck: IntegrityCheck {
        switch digest {
        case .md5: .multipartETag
        case .checksum(let algorithm): .compositeChecksum(algorithm)
        }
    }

    /// How the value reads in messages: base64 with `-N` for a checksum, hex with `-N` for an ETag.
    public var encoded: String {
        switch digest {
        case .md5: HexEncoding.encode(value) + "-\(partCount)"
        case .checksum(let algorithm): StoredChecksum(algorithm: algorithm, value: value, partCount: partCount).encoded
        }
    }
}
