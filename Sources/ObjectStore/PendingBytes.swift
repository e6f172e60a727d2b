import Synchronization

/// The bytes of a pending write kept in memory, for stores that send or keep an object whole on
/// commit (`MemoryStore` of `MemoryBackend`, an S3 PutObject). Writes may come at any offset, from any thread.
public final class PendingBytes: Sendable {
    /// The bytes so far; `nil` once taken or discarded.
    private let buffer = Mutex<[UInt8]?>([])
    private let key: ObjectKey
    private let limit: Int64

    /// - Parameters:
    ///   - key: the object, for error messages.
    ///   - limit: the most bytes this buffer may hold.
    public init(for key: ObjectKey, limit: Int64 = .max) {
        self.key = key
        self.limit = limit
    }

    /// Places `bytes` at `offset`, growing the buffer (with zeros) as needed.
    ///
    /// - Throws: `unsupported` past the limit; `invalidArgument` after ``take()`` or ``discard()``.
    public func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws {
        let end = offset + Int64(bytes.count)
        guard offset >= 0, end <= limit else {
            throw ObjectStoreError(.unsupported, "objects over \(limit) bytes cannot be written here", key: key)
        }
        try buffer.withLock { buffer in
            guard var contents = buffer else {
                throw ObjectStoreError(.invalidArgument, "write after commit or abort", key: key)
            }
            buffer = nil  // keep the array uniquely referenced while it grows
            if contents.count < Int(end) { contents += repeatElement(0, count: Int(end) - contents.count) }
            contents.withUnsafeMutableBytes { target in
                UnsafeMutableRawBufferPointer(rebasing: target[Int(offset)..<Int(end)]).copyMemory(from: bytes)
            }
            buffer = contents
        }
    }

    /// The bytes written, once; later writes and takes fail.
    ///
    /// - Throws: `invalidArgument` when already taken or discarded.
    public func take() throws -> [UInt8] {
        guard let bytes = buffer.withLock({ buffer in defer { buffer = nil }; return buffer }) else {
            throw ObjectStoreError(.invalidArgument, "commit after commit or abort", key: key)
        }
        return bytes
    }

    /// Throws the bytes away; harmless when already taken.
    public func discard() {
        buffer.withLock { $0 = nil }
    }
}
