/// A checksum a store keeps beside an object (S3's `x-amz-checksum-*`): of the whole object, or
/// composite, a checksum of the parts' checksums in part order.
public struct StoredChecksum: Hashable, Sendable {
    /// The algorithm.
    public var algorithm: ChecksumAlgorithm
    /// Its value: the checksum of the object's bytes (full object), or of the parts' checksums
    /// concatenated in part order (composite); ``ChecksumAlgorithm/byteCount`` bytes.
    public var value: [UInt8]
    /// For a composite checksum, the number of parts (S3 appends `-N` to the value); `nil` for a
    /// checksum of the full object.
    public var partCount: Int?

    /// Whether the store said which kind it is (a `-N` suffix, `x-amz-checksum-type`). S3 always
    /// does; a server that sends a bare value for an object uploaded in parts leaves it open
    /// whether the value is of the whole object or composite.
    public var kindIsStated: Bool

    public init(algorithm: ChecksumAlgorithm, value: [UInt8], partCount: Int? = nil, kindIsStated: Bool = true) {
        self.algorithm = algorithm
        self.value = value
        self.partCount = partCount
        self.kindIsStated = kindIsStated || partCount != nil
    }

    /// Whether it is a checksum of the parts' checksums rather than of the bytes.
    public var isComposite: Bool { partCount != nil }

    /// Whether it can be taken for the checksum of `object`'s whole bytes: not composite, and not
    /// a bare value (kind unsaid) of an object uploaded in parts, which may be composite.
    public func isOfWholeObject(_ object: ObjectInfo) -> Bool {
        !isComposite && (kindIsStated || !object.isUploadedInParts)
    }
}
