import Digests
import ObjectStore

/// What the ranges of one object read side by side are checked against once all are in: a stored
/// full-object CRC (the ranges' CRCs combined), or a part-wise check (the ranges are the upload's
/// parts; the digest of their digests).
enum RangedCheck {
    case fullObject(StoredChecksum)
    case partwise(PartwiseCheck)

    /// What each range is hashed with.
    var digest: PartwiseCheck.Digest {
        switch self {
        case .fullObject(let stored): .checksum(stored.algorithm)
        case .partwise(let check): check.digest
        }
    }

    /// The check the bytes passed, given each range's digest in order.
    ///
    /// - Throws: `corrupt` when they do not match: the bytes must not be kept.
    func verify(_ digests: [[UInt8]], parts: [Range<Int64>], key: ObjectKey) throws -> IntegrityCheck {
        switch self {
        case .fullObject(let stored):
            guard let whole = Self.combinedCRC(stored.algorithm, digests, parts: parts) else { return .sizeOnly }
            guard whole == stored.value else {
                throw ObjectStoreError(
                    .corrupt, "\(stored.algorithm.rawValue) of the received bytes (combined from \(parts.count) ranges) is \(StoredChecksum.base64(whole)), the source keeps \(stored.encoded); not saved",
                    key: key)
            }
            return .storedChecksum(stored.algorithm)
        case .partwise(let check):
            var received = check
            received.value = check.combined(digests)
            if received.value == check.value { return check.integrityCheck }
            if check.mayBeFullObject, case .checksum(let algorithm) = check.digest,
               Self.combinedCRC(algorithm, digests, parts: parts) == check.value {
                return .storedChecksum(algorithm)
            }
            throw ObjectStoreError(
                .corrupt, "\(check.integrityCheck.label) of the received bytes (in \(parts.count) parts of \(check.partSize) bytes) is \(received.encoded), the source keeps \(check.encoded); not saved",
                key: key)
        }
    }

    /// The CRC of the whole object from its ranges' CRCs; `nil` for an algorithm that does not combine.
    private static func combinedCRC(_ algorithm: ChecksumAlgorithm, _ digests: [[UInt8]], parts: [Range<Int64>]) -> [UInt8]? {
        var whole = digests[0]
        for index in 1..<parts.count {
            guard let combined = CRCCombination.combine(algorithm, whole, then: digests[index], secondLength: Int64(parts[index].count)) else {
                return nil
            }
            whole = combined
        }
        return whole
    }
}
