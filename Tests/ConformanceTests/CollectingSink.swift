import ObjectStore

/// Keeps what a read pushes, in arrival order, to check both the bytes and their offsets.
final class CollectingSink: ByteSink {
    private(set) var chunks: [(offset: Int64, count: Int)] = []
    /// The bytes received, concatenated in arrival order.
    private(set) var bytes: [UInt8] = []

    func write(_ chunk: UnsafeRawBufferPointer, at offset: Int64) throws {
        chunks.append((offset, chunk.count))
        bytes.append(contentsOf: chunk)
    }

    /// Whether the chunks follow each other without gap or overlap, the first at `start`.
    func isContiguous(from start: Int64) -> Bool {
        var next = start
        for chunk in chunks {
            guard chunk.offset == next else { return false }
            next += Int64(chunk.count)
        }
        return true
    }
}

/// A sink that refuses every write.
final class RefusingSink: ByteSink {
    struct Refusal: Error, Equatable {}

    func write(_ chunk: UnsafeRawBufferPointer, at offset: Int64) throws {
        throw Refusal()
    }
}
