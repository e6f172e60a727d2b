import ObjectStore
import Synchronization

/// Passes bytes on to a pending object, counting them for the progress display, and notes when the
/// first of them arrived. Safe for concurrent writers (the parts of a large object).
final class CountingSink: ByteSink, Sendable {
    private let downstream: any PendingObject
    private let progress: TransferProgress
    private let counted = Atomic<Int64>(0)
    /// Nanoseconds from ``startTiming()`` to the first write; -1 before either.
    private let firstByteNanoseconds = Atomic<Int64>(-1)
    private let timingStart = Mutex<ContinuousClock.Instant?>(nil)

    /// Bytes passed on so far.
    var count: Int64 { counted.load(ordering: .relaxed) }

    init(_ downstream: any PendingObject, progress: TransferProgress) {
        self.downstream = downstream
        self.progress = progress
    }

    /// Counts `bytes` already in the pending object (the parts a resumed write has), without
    /// writing them.
    func credit(_ bytes: Int64) {
        counted.wrappingAdd(bytes, ordering: .relaxed)
        progress.addBytes(Int(bytes))
    }

    /// Starts the clock for ``firstByteLatency``: call just before the read begins.
    func startTiming() {
        timingStart.withLock { $0 = ContinuousClock.now }
    }

    /// How long the first byte took after ``startTiming()``, if both happened.
    var firstByteLatency: Duration? {
        let nanoseconds = firstByteNanoseconds.load(ordering: .relaxed)
        return nanoseconds < 0 ? nil : .nanoseconds(nanoseconds)
    }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws {
        if counted.load(ordering: .relaxed) == 0 { noteFirstByte() }
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

    private func noteFirstByte() {
        guard let start = timingStart.withLock({ $0 }) else { return }
        let elapsed = ContinuousClock.now - start
        let nanoseconds = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
        _ = firstByteNanoseconds.compareExchange(expected: -1, desired: nanoseconds, ordering: .relaxed)
    }
}
