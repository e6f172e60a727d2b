import ObjectStore

/// How a ``TransferEngine`` runs.
public struct TransferOptions: Hashable, Sendable {
    /// Requests in flight at once (`-j/--workers`, or adaptive): a small object takes one, a large
    /// object read as ranges takes one per range in flight.
    public var concurrency: ConcurrencyLimit
    /// The comparison policy; its `verification` also decides whether copies are checked as they stream.
    public var policy: ComparisonPolicy
    /// Objects larger than this are read as byte ranges of at most this size, several at once,
    /// into the same pending object (`--part-size`), when the source reads ranges and no MD5 is
    /// being checked while streaming (that needs the bytes in order).
    public var partSize: Int64
    /// The smallest range a large object is cut into when free slots call for more, smaller ranges
    /// (never above ``partSize``).
    public var minimumPartSize: Int64
    /// How many ranges of one large object are read at once, at most (free slots permitting).
    public var partsInFlight: Int
    /// How many ranges (of all large objects together) a run reads at once before it has measured
    /// anything; from there the width grows while the aggregate rate grows (see ``RangeRamp``).
    public var rangesInFlightAtFirst: Int
    /// How many of an object's bytes call for one more range in flight: a large object is read
    /// with its size divided by this many ranges at once, at least 4 and at most ``partsInFlight``.
    public var bytesPerRangeInFlight: Int64
    /// The memory a run may hold for its state, in bytes (`--memory-budget`). Half of it is the
    /// copy queue's (``queueBudget``): objects listed but not started past that wait in sorted
    /// runs on the engine's scratch space. The rest covers what does not grow with the bucket:
    /// buffers of requests in flight, listing pages, the summary's counters.
    public var memoryBudget: Int
    /// The process's resident memory, in bytes, that the copy queue keeps under by spilling early
    /// (see ``ResidentMemoryLimit``); `nil`: the queue counts only itself. Off by default, since a
    /// library shares its process with memory that is not its own; `s3clone` sets it from
    /// `--memory-budget` (seven eighths of it).
    public var residentLimit: Int?
    /// Whether every new copy is checked, while it streams, against the strongest check the source
    /// keeps for it (``ObjectStore/readChecked(_:into:)``; for a large object read in ranges, its
    /// full-object CRC, combined from the ranges'). On by default; `--ignore-checksum` turns it off.
    public var checksCopies: Bool
    /// Whether a run that copied anything ends by putting the copies on stable storage
    /// (``ObjectStore/flushToStableStorage()`` of the destination), so that a finished run
    /// survives a power loss. On by default; `--no-sync` turns it off. An interrupted run skips it.
    public var flushesCopies: Bool

    /// The part of ``memoryBudget`` the copy queue holds in memory.
    public var queueBudget: Int { memoryBudget / 2 }

    /// The default ``memoryBudget``: 128 MiB.
    public static let defaultMemoryBudget = 128 << 20

    public init(concurrency: ConcurrencyLimit = .standard, policy: ComparisonPolicy = ComparisonPolicy(), partSize: Int64 = 32 << 20,
                minimumPartSize: Int64 = 8 << 20, partsInFlight: Int = 32, rangesInFlightAtFirst: Int = 16,
                bytesPerRangeInFlight: Int64 = 24 << 20,
                memoryBudget: Int = TransferOptions.defaultMemoryBudget, residentLimit: Int? = nil, checksCopies: Bool = true,
                flushesCopies: Bool = true) {
        self.concurrency = concurrency
        self.policy = policy
        self.partSize = max(1 << 20, partSize)
        self.minimumPartSize = min(self.partSize, max(1 << 20, minimumPartSize))
        self.partsInFlight = max(1, partsInFlight)
        self.rangesInFlightAtFirst = max(1, rangesInFlightAtFirst)
        self.bytesPerRangeInFlight = max(1, bytesPerRangeInFlight)
        self.memoryBudget = max(0, memoryBudget)
        self.residentLimit = residentLimit
        self.checksCopies = checksCopies
        self.flushesCopies = flushesCopies
    }

    /// How `object` is read: its byte ranges and how many run at once.
    ///
    /// An object up to ``partSize`` is one range. A larger one is cut into ranges of at most
    /// `rangeSize` (what the run's measured per-connection rate calls for, see ``RangeRamp``;
    /// ``partSize`` when `nil`), smaller (down to ``minimumPartSize``) when more `freeSlots` are
    /// there to fill, so that the few large objects at the end of a size-ordered run keep the
    /// slots busy. How many slots it takes grows with the object (``bytesPerRangeInFlight``): a
    /// 200 MiB object takes 8, a 1 GiB one 32. Several large objects then run side by side rather
    /// than one after another on all the slots, and the last of them does not run alone at the
    /// end. How many of its ranges are in flight at a time, up to that, is the run's
    /// ``RangeBudget``'s to say.
    func layout(of object: ObjectInfo, rangedReads: Bool, freeSlots: Int, rangeSize: Int64? = nil) -> ReadLayout {
        guard rangedReads, let ranges = ranges(of: object, freeSlots: freeSlots, rangeSize: rangeSize) else {
            return ReadLayout(parts: [0..<object.size], inFlight: 1)
        }
        let size = ranges.size
        let parts = stride(from: Int64(0), to: object.size, by: Int(size)).map { $0..<min($0 + size, object.size) }
        return ReadLayout(parts: parts, inFlight: ranges.inFlight)
    }

    /// How many ranges of `object` ``layout(of:rangedReads:freeSlots:)`` reads at once, without
    /// making its ranges: the slots it takes (1 for an object read whole).
    func rangesInFlight(of object: ObjectInfo, freeSlots: Int, rangeSize: Int64? = nil) -> Int {
        ranges(of: object, freeSlots: freeSlots, rangeSize: rangeSize)?.inFlight ?? 1
    }

    /// The size of `object`'s ranges and how many run at once; `nil` for an object read whole.
    private func ranges(of object: ObjectInfo, freeSlots: Int, rangeSize: Int64?) -> (size: Int64, inFlight: Int)? {
        guard object.size > partSize else { return nil }
        let width = min(Int64(partsInFlight), max(4, object.size / bytesPerRangeInFlight))
        let slots = max(1, min(Int64(freeSlots), width))
        let largest = min(partSize, max(minimumPartSize, rangeSize ?? partSize))
        let size = min(largest, max(minimumPartSize, (object.size + slots - 1) / slots))
        let count = (object.size + size - 1) / size
        return (size, Int(min(count, slots)))
    }
}

/// The byte ranges one object is read in, and how many of them are read at once (the slots it takes).
struct ReadLayout: Hashable, Sendable {
    var parts: [Range<Int64>]
    var inFlight: Int
}
