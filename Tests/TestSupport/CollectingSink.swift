import ObjectStore

/// Keeps what a read pushes, in arrival order, to check both the bytes and their offsets.
public final class CollectingSink: ByteSink, @unchecked Sendable {
    /// Where each chunk started and how long it was, in arrival order.
    public private(set) var chunks: [(offset: Int64, count: Int)] = []
    /// The bytes received, concatenated in arrival order.
    public private(set) var bytes: [UInt8] = []
    private let failAfter: Int?

    /// - Parameter failAfter: throw `io` once this many bytes have arrived (for error propagation tests).
    public init(failAfter: Int? = nil) {
        self.failAfter = failAfter
    }

    /// The offsets of the chunks, in arrival order.
    public var offsets: [Int64] { chunks.map(\.offset) }

    public func write(_ chunk: UnsafeRawBufferPointer, at offset: Int64) throws {
        chunks.append((offset, chunk.count))
        bytes += chunk
        if let failAfter, bytes.count >= failAfter {
            throw ObjectStoreError(.io, "sink failure injected by the test")
        }
    }

    /// Whether the chunks follow each other without gap or overlap, the first at `start`.
    public func isContiguous(from start: Int64) -> Bool {
        var next = start
        for chunk in chunks {
            guard chunk.offset == next else { return false }
            next += Int64(chunk.count)
        }
        return true
    }
}

/// A sink that refuses every write with the given error.
public final class ThrowingSink: ByteSink, @unchecked Sendable {
    public let error: any Error

    public init(_ error: any Error) { self.error = error }

    public func write(_ chunk: UnsafeRawBufferPointer, at offset: Int64) throws {
        throw error
    }
}
