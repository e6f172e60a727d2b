import ObjectStore

extension ObjectStore {
    /// `object.md5` when known, else, for stores that ``ObjectStore/StoreCapabilities/computesMD5ByReading``,
    /// the MD5 of the object read whole; `nil` when this store cannot tell.
    ///
    /// The default of ``ObjectStore/ObjectStore/md5(of:)``: it lives here, with the hashing, so that
    /// the contract module needs no crypto library.
    ///
    /// #### Errors
    /// As ``ObjectStore/ObjectStore/read(_:range:into:)``.
    public func md5(of object: ObjectInfo) async throws -> MD5Digest? {
        if let known = object.md5 { return known }
        guard capabilities.computesMD5ByReading else { return nil }
        let sink = MD5Sink()
        try await read(object, range: nil, into: sink)
        return sink.finalize()
    }

    /// The object's checksum in the same form as `other` (the multipart form with its part size,
    /// or a plain MD5), computed by reading when needed; `nil` when this store cannot tell.
    ///
    /// #### Errors
    /// As ``ObjectStore/ObjectStore/read(_:range:into:)``.
    public func checksum(of object: ObjectInfo, shapedLike other: ContentChecksum) async throws -> ContentChecksum? {
        guard other.partSize != nil else { return try await md5(of: object).map { ContentChecksum(md5: $0) } }
        guard capabilities.computesMD5ByReading else { return nil }
        let sink = ChecksumSink(shapedLike: other)
        try await read(object, range: nil, into: sink)
        return sink.finalize()
    }

    /// The default of ``ObjectStore/ObjectStore/computedChecksum(_:partSize:of:)``: the object read
    /// through the hasher, for stores that ``ObjectStore/StoreCapabilities/computesMD5ByReading``.
    public func computedChecksum(_ algorithm: ChecksumAlgorithm, partSize: Int64?, of object: ObjectInfo) async throws -> [UInt8]? {
        guard capabilities.computesMD5ByReading else { return nil }
        return try await checksumByReading(algorithm, partSize: partSize, of: object)
    }

    /// The `algorithm` checksum of `object`, read whole: of the whole object, or given a
    /// `partSize`, the composite checksum of its parts in that size.
    public func checksumByReading(_ algorithm: ChecksumAlgorithm, partSize: Int64? = nil, of object: ObjectInfo) async throws -> [UInt8] {
        guard let partSize, partSize > 0 else {
            let sink = RangeChecksumSink(algorithm, forwardingTo: DiscardingSink(), from: 0)
            try await read(object, range: nil, into: sink)
            return sink.finalize()
        }
        let check = PartwiseCheck(digest: .checksum(algorithm), partSize: partSize, partCount: 0, value: [])
        let sink = PartwiseSink(check, forwardingTo: nil)
        try await read(object, range: nil, into: sink)
        return check.combined(sink.finalize())
    }
}

/// Takes bytes and keeps none.
private final class DiscardingSink: ByteSink {
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws {}
}
