import ObjectStore
import Synchronization

/// Live counters of a running transfer, cheap to update from every chunk and to read from a
/// display timer.
public final class TransferProgress: Sendable {
    private let bytes = Atomic<Int64>(0)
    private let objects = Atomic<Int>(0)
    private let inFlight = Atomic<Int>(0)
    /// Objects selected and bytes to copy, as far as known.
    private let totals = Mutex<(objects: Int, bytes: Int64)>((0, 0))
    /// Whether the source listing has been read to its end (the totals are final).
    private let listingComplete = Atomic<Bool>(false)

    public init() {}

    /// Counters that already know the plan's totals (so a display is right from its first frame).
    public convenience init(for plan: TransferPlan) {
        self.init()
        let tally = plan.tally
        setTotals(objects: plan.items.count, bytes: tally.bytesToCopy)
        listingFinished()
    }

    /// A consistent-enough reading of the counters.
    public struct Snapshot: Hashable, Sendable {
        /// Bytes written to the destination so far, including copies in progress and retried bytes.
        public var bytesTransferred: Int64
        /// Objects finished (copied, skipped, reported or failed).
        public var objectsDone: Int
        /// Copies running now.
        public var inFlight: Int
        /// Objects selected so far.
        public var objectsTotal: Int
        /// Bytes to copy, as far as known.
        public var bytesTotal: Int64
        /// Whether the totals are final (the listing is complete).
        public var totalsFinal: Bool
    }

    public func snapshot() -> Snapshot {
        let totals = self.totals.withLock { $0 }
        return Snapshot(
            bytesTransferred: bytes.load(ordering: .relaxed), objectsDone: objects.load(ordering: .relaxed),
            inFlight: inFlight.load(ordering: .relaxed), objectsTotal: totals.objects, bytesTotal: totals.bytes,
            totalsFinal: listingComplete.load(ordering: .relaxed))
    }

    func setTotals(objects: Int, bytes: Int64) { totals.withLock { $0 = (objects, bytes) } }
    /// A page of the listing arrived: its objects and their bytes join the totals.
    func listed(_ page: [ObjectInfo]) {
        let bytes = page.reduce(Int64(0)) { $0 + $1.size }
        totals.withLock { $0.objects += page.count; $0.bytes += bytes }
    }
    /// A listed object will not be copied (skipped, reported, failed): its bytes leave the total.
    func notCopying(_ size: Int64) { totals.withLock { $0.bytes -= size } }
    func listingFinished() { listingComplete.store(true, ordering: .relaxed) }
    /// The bytes copied so far (``Snapshot/bytesTransferred``), without the totals.
    var bytesSoFar: Int64 { bytes.load(ordering: .relaxed) }
    func addBytes(_ count: Int) { bytes.wrappingAdd(Int64(count), ordering: .relaxed) }
    func objectDone() { objects.wrappingAdd(1, ordering: .relaxed) }
    func copyStarted() { inFlight.wrappingAdd(1, ordering: .relaxed) }
    func copyEnded() { inFlight.wrappingSubtract(1, ordering: .relaxed) }
}
