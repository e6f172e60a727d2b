import ObjectStore

/// A sink that computes a ``ContentChecksum`` of what it receives, in order, optionally passing the
/// bytes on: the MD5 of everything, or (given a part size) the multipart form S3 uses for ETags.
public final class ChecksumSink: ByteSink {
    private let partSize: Int64?
    private let downstream: (any ByteSink)?
    private var whole = MD5Hasher()
    private var partBytes: Int64 = 0
    private var partDigests: [UInt8] = []
    private var parts = 0
    /// The offset the next write must start at.
    public private(set) var nextOffset: Int64 = 0

    /// - Parameters:
    ///   - partSize: hash in parts of this size (the multipart form); `nil` for the whole-object MD5.
    ///   - downstream: where to forward the bytes after hashing them.
    public init(partSize: Int64? = nil, forwardingTo downstream: (any ByteSink)? = nil) {
        self.partSize = partSize
        self.downstream = downstream
    }

    /// A sink computing a checksum of the same form as `other`.
    public convenience init(shapedLike other: ContentChecksum, forwardingTo downstream: (any ByteSink)? = nil) {
        self.init(partSize: other.partSize, forwardingTo: downstream)
    }

    public func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws {
        guard offset == nextOffset else {
            throw ObjectStoreError(.corrupt, "bytes arrived out of order for checksum (offset \(offset), expected \(nextOffset))")
        }
        if let partSize {
            var rest = bytes
            while !rest.isEmpty {
                let take = Int(min(Int64(rest.count), partSize - partBytes))
                whole.update(UnsafeRawBufferPointer(rebasing: rest[0..<take]))
                partBytes += Int64(take)
                rest = UnsafeRawBufferPointer(rebasing: rest[take...])
                if partBytes == partSize { closePart() }
            }
        } else {
            whole.update(bytes)
        }
        nextOffset += Int64(bytes.count)
        try downstream?.write(bytes, at: offset)
    }

    private func closePart() {
        partDigests += whole.finalize().bytes
        parts += 1
        whole = MD5Hasher()
        partBytes = 0
    }

    /// The checksum of everything received.
    public func finalize() -> ContentChecksum {
        guard let partSize else { return ContentChecksum(md5: whole.finalize()) }
        if partBytes > 0 || parts == 0 { closePart() }
        return ContentChecksum(multipart: MD5Hasher.digest(partDigests), partSize: partSize, partCount: parts)
    }
}
