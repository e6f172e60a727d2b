import ObjectStore

/// A running digest of one part of an object, in a ``ObjectStore/PartwiseCheck/Digest``: MD5 or
/// a checksum algorithm. Not thread-safe: one stream, one hasher.
public struct PartHasher {
    private enum State {
        case md5(MD5Hasher)
        case checksum(ChecksumHasher)
    }

    private var state: State

    /// Starts an empty digest.
    public init(_ digest: PartwiseCheck.Digest) {
        switch digest {
        case .md5: state = .md5(MD5Hasher())
        case .checksum(let algorithm): state = .checksum(ChecksumHasher(algorithm))
        }
    }

    /// Adds bytes.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        switch state {
        case .md5(let hasher): hasher.update(bytes)
        case .checksum(var hasher):
            hasher.update(bytes)
            state = .checksum(hasher)
        }
    }

    /// Ends the stream and returns the digest's bytes; the hasher must not be fed afterwards.
    public func finalize() -> [UInt8] {
        switch state {
        case .md5(let hasher): hasher.finalize().bytes
        case .checksum(let hasher): hasher.finalize()
        }
    }

    /// The digest of one buffer.
    public static func digest(_ digest: PartwiseCheck.Digest, of bytes: [UInt8]) -> [UInt8] {
        var hasher = PartHasher(digest)
        bytes.withUnsafeBytes { hasher.update($0) }
        return hasher.finalize()
    }
}

extension PartwiseCheck {
    /// The value this check keeps for an object whose parts have `partDigests`, in part order: the
    /// digest of their concatenation.
    public func combined(_ partDigests: [[UInt8]]) -> [UInt8] {
        PartHasher.digest(digest, of: partDigests.flatMap { $0 })
    }
}
