import ObjectStore

/// Objects waiting to be copied, handed out smallest first (``ObjectInfo/sizeOrder``: size, then
/// key) whatever order they were added in.
///
/// A binary min-heap of 16-byte entries (size and arrival number) over the objects, which stay
/// where they arrived: sifting moves no strings and touches no reference counts, and keys are
/// compared only between objects of the same size. Adding and taking are O(log n).
///
/// It knows what it holds in memory (``estimatedBytes``), so that a ``SpillingSizeQueue`` can move
/// it to disk at a budget, and it gives back the slots of objects handed out (the arrivals are
/// compacted once most of them are empty), so a long streaming run holds only what waits.
struct SizeOrderedHeap {
    private struct Entry {
        var size: Int64
        var arrival: Int
    }

    /// Objects by arrival number; ``vacated`` once handed out (so their keys are freed). Not
    /// optional: unwrapping an optional slot to compare two keys of the same size copied the
    /// whole object, and touched each of its reference counts, for every comparison.
    private var arrivals: [ObjectInfo] = []
    /// What a slot holds once its object is handed out: an empty key, stored inline.
    private static let vacated = ObjectInfo(key: ObjectKey(""), size: 0)
    private var heap: [Entry] = []
    /// The heap allocations of the held objects' strings (keys and ETags too long to be stored
    /// inline), as ``ObjectInfo/heapBytes`` estimates them.
    private var stringBytes = 0

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }

    /// The memory this heap holds: both arrays at their capacity, and the objects' strings.
    var estimatedBytes: Int {
        Self.bytes(arrivals: arrivals.capacity, entries: heap.capacity, strings: stringBytes)
    }

    /// The most memory the heap holds while `object` is added: an array that is full doubles, and
    /// while it copies itself into the new buffer it holds the old one too (measured: at a 64 MiB
    /// budget the slots' growth from 262,144 to 524,288 held 63 MB for a moment, a third more
    /// than the queue counted before this was counted).
    func estimatedBytes(adding object: ObjectInfo) -> Int {
        func capacityWhileAdding<Element>(_ array: [Element]) -> Int {
            array.count < array.capacity ? array.capacity : array.capacity + max(2 * array.capacity, 1)
        }
        return Self.bytes(arrivals: capacityWhileAdding(arrivals), entries: capacityWhileAdding(heap), strings: stringBytes + object.heapBytes)
    }

    /// The memory of arrays of these capacities and of these string bytes.
    private static func bytes(arrivals: Int, entries: Int, strings: Int) -> Int {
        arrivals * MemoryLayout<ObjectInfo>.stride + entries * MemoryLayout<Entry>.stride + strings
    }

    /// Adds one object.
    mutating func insert(_ object: ObjectInfo) {
        stringBytes += object.heapBytes
        arrivals.append(object)
        heap.append(Entry(size: object.size, arrival: arrivals.count - 1))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard comesFirst(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// The object that comes first, if any; peeking does not remove it.
    var first: ObjectInfo? { heap.first.map { arrivals[$0.arrival] } }

    /// Removes and returns the object that comes first.
    mutating func popFirst() -> ObjectInfo? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let smallest = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { break }
            let right = left + 1
            var earlier = left
            if right < heap.count, comesFirst(heap[right], heap[left]) { earlier = right }
            guard comesFirst(heap[earlier], heap[parent]) else { break }
            heap.swapAt(parent, earlier)
            parent = earlier
        }
        let object = takeObject(at: smallest.arrival)
        if heap.isEmpty {
            arrivals = []
            heap = []
        } else if arrivals.count >= 1024, heap.count < arrivals.count / 4 {
            compactArrivals()
        }
        return object
    }

    /// Moves the objects still waiting to the front of a new, smaller arrivals array; the heap's
    /// order does not change (arrival numbers only locate objects).
    private mutating func compactArrivals() {
        var compacted: [ObjectInfo] = []
        compacted.reserveCapacity(heap.count * 2)
        for index in heap.indices {
            var object = Self.vacated
            swap(&object, &arrivals[heap[index].arrival])
            compacted.append(object)
            heap[index].arrival = compacted.count - 1
        }
        arrivals = compacted
    }

    /// Hands every object out, smallest first, to `body`, and leaves the heap empty.
    ///
    /// Sorts the 16-byte entries and moves each object out of its slot once, instead of popping
    /// them one by one: on a spill of many objects this takes a fraction of the time.
    mutating func removeAll<Failure: Error>(inOrder body: (ObjectInfo) throws(Failure) -> Void) throws(Failure) {
        var entries = heap
        heap = []
        defer {
            arrivals = []
            stringBytes = 0
        }
        // Compared through a local constant, not through `self`: a closure reading the
        // mutable heap retains the arrivals' storage for every comparison.
        let slots = arrivals
        entries.sort { Self.precedes($0, $1, in: slots) }
        arrivals = consume slots  // unique again, so objects move out without copying the array
        for entry in entries {
            try body(takeObject(at: entry.arrival))
        }
    }

    /// Moves the object out of its arrival slot (no copy, so no reference counting), leaving it
    /// empty.
    private mutating func takeObject(at arrival: Int) -> ObjectInfo {
        var object = Self.vacated
        swap(&object, &arrivals[arrival])
        stringBytes -= object.heapBytes
        return object
    }

    private func comesFirst(_ lhs: Entry, _ rhs: Entry) -> Bool {
        Self.precedes(lhs, rhs, in: arrivals)
    }

    /// ``ObjectInfo/sizeOrder`` on entries: size, then the keys of their slots in `slots`.
    private static func precedes(_ lhs: Entry, _ rhs: Entry, in slots: [ObjectInfo]) -> Bool {
        if lhs.size != rhs.size { return lhs.size < rhs.size }
        return slots[lhs.arrival].key < slots[rhs.arrival].key
    }
}
