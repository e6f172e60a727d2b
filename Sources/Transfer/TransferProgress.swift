import Synchronization

/// Live counters of a running transfer, cheap to update from every chunk and to read from a
/// display timer.
public final class TransferProgress: Sendable {
    private let bytes = Atomic<Int64>(0)
    private let objects = Atomic<Int>(0)
    private let inFlight = Atomic<Int>(0)
    /// Bytes and objects the plan copies, once known.
    private let totals = Mutex<(objects: Int, bytes: Int64)>((0, 0))

    public init() {}

    /// A consistent-enough reading of the counters.
    public struct Snapshot: Hashable, Sendable {
        /// Bytes written to the destination so far, including copies in progress and retried bytes.
        public var bytesTransferred: Int64
        /// Objects finished (copied, skipped, reported or failed).
        public var objectsDone: Int
        /// Copies running now.
        public var inFlight: Int
        /// Objects in the plan.
        public var objectsTotal: Int
        /// Bytes the plan copies.
        public var bytesTotal: Int64
    }

    public func snapshot() -> Snapshot {
        let totals = self.totals.withLock { $0 }
        return Snapshot(
            bytesTransferred: bytes.load(ordering: .relaxed), objectsDone: objects.load(ordering: .relaxed),
            inFlight: inFlight.load(ordering: .relaxed), objectsTotal: totals.objects, bytesTotal: totals.bytes)
    }

    func setTotals(objects: Int, bytes: Int64) { totals.withLock { $0 = (objects, bytes) } }
    func addBytes(_ count: Int) { bytes.wrappingAdd(Int64(count), ordering: .relaxed) }
    func objectDone() { objects.wrappingAdd(1, ordering: .relaxed) }
    func copyStarted() { inFlight.wrappingAdd(1, ordering: .relaxed) }
    func copyEnded() { inFlight.wrappingSubtract(1, ordering: .relaxed) }
}
