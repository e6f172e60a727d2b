import ObjectStore

/// A sink that keeps what it receives, with the offsets, for checking reads.
public final class CollectingSink: ByteSink, @unchecked Sendable {
    public private(set) var bytes: [UInt8] = []
    public private(set) var offsets: [Int64] = []
    private let failAfter: Int?

    /// - Parameter failAfter: throw `io` once this many bytes have arrived (for error propagation tests).
    public init(failAfter: Int? = nil) {
        self.failAfter = failAfter
    }

    public func write(_ chunk: UnsafeRawBufferPointer, at offset: Int64) throws {
        offsets.append(offset)
        bytes += chunk
        if let failAfter, bytes.count >= failAfter {
            throw ObjectStoreError(.io, "sink failure injected by the test")
        }
    }
}
