import ObjectStore
import Synchronization

/// Passes bytes on to a pending object, counting them for the progress display. Safe for
/// concurrent writers (the parts of a large object).
final class CountingSink: ByteSink, Sendable {
    private let downstream: any PendingObject
    private let progress: TransferProgress
    private let counted = Atomic<Int64>(0)

    /// Bytes passed on so far.
    var count: Int64 { counted.load(ordering: .relaxed) }

    init(_ downstream: any PendingObject, progress: TransferProgress) {
        self.downstream = downstream
        self.progress = progress
    }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws {
        try downstream.write(bytes, at: offset)
        counted.wrappingAdd(Int64(bytes.count), ordering: .relaxed)
        progress.addBytes(bytes.count)
    }

    func copy(fromFile descriptor: Int32, at sourceOffset: Int64, count length: Int, to offset: Int64) throws -> Bool {
        guard try downstream.copy(fromFile: descriptor, at: sourceOffset, count: length, to: offset) else { return false }
        counted.wrappingAdd(Int64(length), ordering: .relaxed)
        progress.addBytes(length)
        return true
    }
}
