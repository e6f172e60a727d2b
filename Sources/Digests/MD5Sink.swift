import ObjectStore

/// A sink that hashes what it receives, in order, optionally passing it on to another sink.
///
/// It checks that bytes arrive contiguously from offset 0 (or from the offset it was started at),
/// which is what checksum verification needs.
public final class MD5Sink: ByteSink {
    private let hasher = MD5Hasher()
    private let downstream: (any ByteSink)?
    /// The offset the next write must start at.
    public private(set) var nextOffset: Int64

    /// - Parameters:
    ///   - downstream: where to forward the bytes after hashing them, if anywhere.
    ///   - startOffset: where the stream begins.
    public init(forwardingTo downstream: (any ByteSink)? = nil, startOffset: Int64 = 0) {
        self.downstream = downstream
        self.nextOffset = startOffset
    }

    public func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws {
        guard offset == nextOffset else {
            throw ObjectStoreError(.corrupt, "bytes arrived out of order for checksum (offset \(offset), expected \(nextOffset))")
        }
        hasher.update(bytes)
        nextOffset += Int64(bytes.count)
        try downstream?.write(bytes, at: offset)
    }

    /// The digest of everything received.
    public func finalize() -> MD5Digest { hasher.finalize() }
}
