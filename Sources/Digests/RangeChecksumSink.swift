import ObjectStore

/// A sink that computes one ``ChecksumAlgorithm`` (or MD5) over the bytes of one range as they
/// pass on to another sink, checking that they arrive in order from the range's start.
public final class RangeChecksumSink: ByteSink {
    private var hasher: PartHasher
    private let downstream: any ByteSink
    /// The offset the next write must start at.
    public private(set) var nextOffset: Int64

    /// - Parameters:
    ///   - algorithm: the checksum to compute.
    ///   - downstream: where the bytes go (after the sink took them, they are hashed).
    ///   - start: the range's first offset.
    public convenience init(_ algorithm: ChecksumAlgorithm, forwardingTo downstream: any ByteSink, from start: Int64) {
        self.init(.checksum(algorithm), forwardingTo: downstream, from: start)
    }

    /// The same for a part-wise check's digest (MD5 for a multipart ETag's parts).
    public init(_ digest: PartwiseCheck.Digest, forwardingTo downstream: any ByteSink, from start: Int64) {
        self.hasher = PartHasher(digest)
        self.downstream = downstream
        self.nextOffset = start
    }

    public func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws {
        guard offset == nextOffset else {
            throw ObjectStoreError(.corrupt, "bytes arrived out of order for checksum (offset \(offset), expected \(nextOffset))")
        }
        try downstream.write(bytes, at: offset)
        hasher.update(bytes)
        nextOffset += Int64(bytes.count)
    }

    /// The checksum (or digest) of the bytes received (S3's byte form).
    public func finalize() -> [UInt8] { hasher.finalize() }
}
