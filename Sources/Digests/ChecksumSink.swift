import ObjectStore

/// A sink that computes a ``ContentChecksum`` of what it receives, in order, optionally passing the
/// bytes on: the MD5 of everything, or (given a part size) the multipart form S3 uses for ETags.
public final class ChecksumSink: ByteSink {
    private let partSize: Int64?
    private let downstream: (any ByteSink)?
    private let whole = MD5Hasher()
    /// The multipart form's parts, hashed by a ``PartwiseSink`` (which forwards the bytes).
    private let parts: PartwiseSink?
    /// The offset the next write must start at.
    public private(set) var nextOffset: Int64 = 0

    /// - Parameters:
    ///   - partSize: hash in parts of this size (the multipart form); `nil` for the whole-object MD5.
    ///   - downstream: where to forward the bytes after hashing them.
    public init(partSize: Int64? = nil, forwardingTo downstream: (any ByteSink)? = nil) {
        self.partSize = partSize
        self.downstream = downstream
        parts = partSize.map { PartwiseSink(PartwiseCheck(digest: .md5, partSize: $0, partCount: 0, value: []), forwardingTo: downstream) }
    }

    /// A sink computing a checksum of the same form as `other`.
    public convenience init(shapedLike other: ContentChecksum, forwardingTo downstream: (any ByteSink)? = nil) {
        self.init(partSize: other.partSize, forwardingTo: downstream)
    }

    public func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws {
        guard offset == nextOffset else {
            throw ObjectStoreError(.corrupt, "bytes arrived out of order for checksum (offset \(offset), expected \(nextOffset))")
        }
        nextOffset += Int64(bytes.count)
        if let parts { return try parts.write(bytes, at: offset) }
        whole.update(bytes)
        try downstream?.write(bytes, at: offset)
    }

    /// The checksum of everything received.
    public func finalize() -> ContentChecksum {
        guard let partSize, let parts else { return ContentChecksum(md5: whole.finalize()) }
        let digests = parts.finalize()
        return ContentChecksum(multipart: MD5Hasher.digest(digests.flatMap { $0 }), partSize: partSize, partCount: digests.count)
    }
}
