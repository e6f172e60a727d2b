import ObjectStore

/// Keeps what a read pushes: the bytes placed at their offsets, and where each chunk started.
final class CollectingSink: ByteSink {
    private(set) var offsets: [Int64] = []
    private(set) var bytes: [UInt8] = []

    func write(_ chunk: UnsafeRawBufferPointer, at offset: Int64) throws {
        offsets.append(offset)
        let end = Int(offset) + chunk.count
        if bytes.count < end { bytes += repeatElement(0, count: end - bytes.count) }
        bytes.replaceSubrange(Int(offset)..<end, with: chunk)
    }
}

/// A sink that refuses every write with a given error.
final class ThrowingSink: ByteSink {
    let error: any Error

    init(_ error: any Error) { self.error = error }

    func write(_ chunk: UnsafeRawBufferPointer, at offset: Int64) throws {
        throw error
    }
}

extension ByteSink {
    /// Writes `chunks` of `bytes`, each at its own offset, in the order given.
    func feed(_ bytes: some Collection<UInt8>, chunks: [Range<Int>]) throws {
        let array = Array(bytes)
        try array.withUnsafeBytes { buffer in
            for chunk in chunks {
                try write(UnsafeRawBufferPointer(rebasing: buffer[chunk]), at: Int64(chunk.lowerBound))
            }
        }
    }
}
