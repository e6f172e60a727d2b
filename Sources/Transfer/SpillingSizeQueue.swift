import Logging
import ObjectStore

/// The copy queue of a streaming run: hands out objects smallest first (``ObjectInfo/sizeOrder``)
/// in exactly the order a ``SizeOrderedHeap`` would, while holding at most about ``budget`` bytes
/// in memory however many objects wait.
///
/// Objects join an in-memory heap. When the heap's memory (``SizeOrderedHeap/estimatedBytes``)
/// and the read windows of the runs pass the budget, the heap is written out, in order, as a
/// sorted run on a scratch file (``SpilledRun``) and starts again empty. The next object is the
/// smallest of the heap's first and every run's head. More than ``mergeFanIn`` runs are merged
/// into one, so the runs' read windows stay bounded too: each is a 128th of the budget (4 to
/// 64 KiB), so 33 of them take at most about a quarter of it (2 MiB at the default budget).
///
/// With a ``ResidentMemoryLimit``, the queue also watches the whole process: when its resident
/// memory passes the limit, the allocator's free memory is given back, and if that does not bring
/// it under, the heap spills early (once it holds at least an eighth of the budget, so that memory
/// held elsewhere cannot make it spill a handful of objects at a time).
///
/// Without a scratch space nothing spills (the memory then grows with the objects waiting).
struct SpillingSizeQueue {
    /// The runs merged into one as soon as there are more than this many (32 by default).
    let mergeFanIn: Int
    /// The memory the queue may hold, in bytes.
    let budget: Int
    let scratch: (any ScratchSpace)?
    /// The read window of each run.
    let windowSize: Int
    /// The process's resident memory to keep under, if watched.
    let resident: ResidentMemoryLimit?
    private var insertsSinceResidentCheck = 0
    /// Spills made because the process passed ``resident``'s limit (included in ``spills``).
    private(set) var residentSpills = 0
    private var heap = SizeOrderedHeap()
    /// The runs, ordered by their heads (earliest first); a run leaves once it is used up. Kept in
    /// order, so taking an object compares its run's next head with a few others (a binary
    /// search), not every run's head with every other's.
    private var runs: [SpilledRun] = []
    private var spilledCount = 0
    /// How many times the heap was written out, and the objects written (merges included).
    private(set) var spills = 0
    private(set) var objectsWritten = 0
    /// Objects lost to a spill or merge that failed (their run was never completed): not in
    /// ``count``, but not attempted either.
    private(set) var dropped = 0

    init(budget: Int, scratch: (any ScratchSpace)?, mergeFanIn: Int = 32, resident: ResidentMemoryLimit? = nil) {
        self.budget = budget
        self.scratch = scratch
        self.resident = resident
        self.mergeFanIn = max(2, mergeFanIn)
        self.windowSize = min(64 << 10, max(4 << 10, budget / 128))
    }

    var count: Int { heap.count + spilledCount }
    /// What the queue holds in memory now: the heap and the runs' read windows.
    var memoryHeld: Int { heap.estimatedBytes + windowsBytes }

    /// The read windows of the runs.
    private var windowsBytes: Int { runs.count * windowSize }
    var isEmpty: Bool { count == 0 }

    /// The object that comes first, if any; peeking does not remove it.
    var first: ObjectInfo? {
        switch firstSource {
        case nil: nil
        case .heap: heap.first
        case .run: runs[0].head
        }
    }

    /// Adds one object, first writing the heap out when adding it would pass the budget.
    ///
    /// - Throws: what the scratch space fails with (`noSpace`, `io`, ...), its message naming the
    ///   queue: the object is not queued, and the heap's objects are counted in ``dropped``.
    mutating func insert(_ object: ObjectInfo) throws(ObjectStoreError) {
        if let scratch, !heap.isEmpty, heap.estimatedBytes(adding: object) + windowsBytes > budget || residentLimitCallsForSpill() {
            do {
                try spill(to: scratch)
            } catch {
                throw Self.failure(error)
            }
        }
        heap.insert(object)
    }

    /// Every ``ResidentMemoryLimit/checkInterval`` inserts: whether the process is over its limit
    /// even after giving free memory back, with enough in the heap to be worth a spill.
    private mutating func residentLimitCallsForSpill() -> Bool {
        guard let resident else { return false }
        insertsSinceResidentCheck += 1
        guard insertsSinceResidentCheck >= resident.checkInterval else { return false }
        insertsSinceResidentCheck = 0
        guard resident.isExceeded else { return false }
        FreedMemory.returnToTheSystem()
        guard resident.isExceeded, heap.estimatedBytes >= budget / 8 else { return false }
        residentSpills += 1
        return true
    }

    /// Removes and returns the object that comes first.
    ///
    /// - Throws: `io` or `corrupt` when a run cannot be read back, its message naming the queue.
    mutating func popFirst() throws(ObjectStoreError) -> ObjectInfo? {
        switch firstSource {
        case nil: return nil
        case .heap: return heap.popFirst()
        case .run:
            do {
                let object = try takeFromEarliestRun()
                spilledCount -= 1
                return object
            } catch {
                throw Self.failure(error)
            }
        }
    }

    private enum Source {
        case heap
        case run
    }

    /// A failure of the scratch space as the error the queue throws (and that stops a run or a
    /// plan): its code, and a message that names the queue.
    private static func failure(_ error: any Error) -> ObjectStoreError {
        let failure = error as? ObjectStoreError ?? ObjectStoreError(.io, "\(error)")
        return ObjectStoreError(failure.code, "the copy queue could not spill to disk: \(failure.message)", cause: failure.cause)
    }

    /// Says at `info` how much the queue spilled, if it did.
    func logSpills(to logger: Logger) {
        guard spills > 0 else { return }
        logger.info("the copy queue spilled", metadata: [
            "runs": "\(spills)", "early, over the resident limit": "\(residentSpills)",
            "objects written": "\(objectsWritten)", "budget": "\(budget)"])
    }

    /// Where the first object is: the heap or the earliest run.
    private var firstSource: Source? {
        guard let head = runs.first?.head else { return heap.isEmpty ? nil : .heap }
        guard let first = heap.first, !ObjectInfo.sizeOrder(head, first) else { return .run }
        return .heap
    }

    /// Takes the head of the earliest run, and moves the run to where its next head belongs.
    private mutating func takeFromEarliestRun() throws -> ObjectInfo? {
        guard !runs.isEmpty, let object = try runs[0].take() else { return nil }
        guard let next = runs[0].head else {
            runs.removeFirst()
            return object
        }
        let place = place(of: next, among: 1..<runs.count)
        runs.withUnsafeMutableBufferPointer { runs in  // moves; Array.swapAt would copy each run
            for index in 0..<(place - 1) { runs.swapAt(index, index + 1) }
        }
        return object
    }

    /// Adds a run where its head belongs.
    private mutating func admit(_ run: SpilledRun) {
        guard let head = run.head else { return }
        runs.insert(run, at: place(of: head, among: runs.indices))
    }

    /// The first of `candidates` whose run's head comes after `head` (or their end): a binary
    /// search, the runs being in order.
    private func place(of head: ObjectInfo, among candidates: Range<Int>) -> Int {
        var low = candidates.lowerBound, high = candidates.upperBound
        while low < high {
            let middle = (low + high) / 2
            if ObjectInfo.sizeOrder(head, runs[middle].head!) { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// Writes the heap out as a new run, and merges the runs when there are too many.
    private mutating func spill(to scratch: any ScratchSpace) throws {
        var writer = try SpilledRunWriter(scratch, windowSize: windowSize)
        let moved = heap.count
        do {
            try heap.removeAll { object in try writer.append(object) }
            admit(try writer.finish())
        } catch {
            dropped += moved  // the heap is empty: its objects went to a run that never completed
            throw error
        }
        spilledCount += moved
        objectsWritten += moved
        spills += 1
        if runs.count > mergeFanIn { try mergeRuns(to: scratch) }
        FreedMemory.returnToTheSystem()
    }

    /// Merges every run into one.
    private mutating func mergeRuns(to scratch: any ScratchSpace) throws {
        var writer = try SpilledRunWriter(scratch, windowSize: windowSize)
        let merged = spilledCount
        var taken = 0
        do {
            while let object = try takeFromEarliestRun() {
                taken += 1
                try writer.append(object)
            }
            runs = []
            admit(try writer.finish())
        } catch {
            runs.removeAll { $0.head == nil }
            spilledCount -= taken
            dropped += taken
            throw error
        }
        objectsWritten += merged
    }
}
