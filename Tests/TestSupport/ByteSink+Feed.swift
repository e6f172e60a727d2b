import ObjectStore

extension ByteSink {
    /// Writes `chunks` of `bytes`, each at its own offset, in the order given.
    public func feed(_ bytes: some Collection<UInt8>, chunks: [Range<Int>]) throws {
        let array = Array(bytes)
        try array.withUnsafeBytes { buffer in
            for chunk in chunks {
                try write(UnsafeRawBufferPointer(rebasing: buffer[chunk]), at: Int64(chunk.lowerBound))
            }
        }
    }
}
