import ObjectStore

/// A sink that hashes a whole object, read as one stream from its start, in the part layout of a
/// ``ObjectStore/PartwiseCheck``: each part's digest, closed at each part boundary, as the bytes
/// pass on to another sink. For an object read in one GET that was uploaded in parts.
public final class PartwiseSink: ByteSink {
    private let digest: PartwiseCheck.Digest
    private let partSize: Int64
    private let downstream: (any ByteSink)?
    private var hasher: PartHasher
    private var inPart: Int64 = 0
    private var digests: [[UInt8]] = []
    /// The offset the next write must start at.
    public private(set) var nextOffset: Int64 = 0

    /// - Parameters:
    ///   - check: the layout and digest to hash in.
    ///   - downstream: where the bytes go (after the sink took them, they are hashed); `nil` to
    ///     only hash them.
    public init(_ check: PartwiseCheck, forwardingTo downstream: (any ByteSink)?) {
        self.digest = check.digest
        self.partSize = check.partSize
        self.downstream = downstream
        self.hasher = PartHasher(check.digest)
        digests.reserveCapacity(check.partCount)
    }

    public func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws {
        guard offset == nextOffset else {
            throw ObjectStoreError(.corrupt, "bytes arrived out of order for checksum (offset \(offset), expected \(nextOffset))")
        }
        try downstream?.write(bytes, at: offset)
        var rest = bytes
        while !rest.isEmpty {
            let take = Int(min(Int64(rest.count), partSize - inPart))
            hasher.update(UnsafeRawBufferPointer(rebasing: rest[0..<take]))
            inPart += Int64(take)
            rest = UnsafeRawBufferPointer(rebasing: rest[take...])
            if inPart == partSize { closePart() }
        }
        nextOffset += Int64(bytes.count)
    }

    private func closePart() {
        digests.append(hasher.finalize())
        hasher = PartHasher(digest)
        inPart = 0
    }

    /// The digest of each part received, in order (the last one closed here if it is short).
    public func finalize() -> [[UInt8]] {
        if inPart > 0 || digests.isEmpty { closePart() }
        return digests
    }
}
