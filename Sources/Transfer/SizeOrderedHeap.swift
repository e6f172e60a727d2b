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

    /// Objects by arrival number; `nil` once handed out (so their keys are freed).
    private var arrivals: [ObjectInfo?] = []
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

    /// What ``estimatedBytes`` would be once `object` is added (an array that is full doubles).
    func estimatedBytes(adding object: ObjectInfo) -> Int {
        func capacity<Element>(_ array: [Element]) -> Int {
            array.count < array.capacity ? array.capacity : max(2 * array.capacity, 1)
        }
        return Self.bytes(arrivals: capacity(arrivals), entries: capacity(heap), strings: stringBytes + object.heapBytes)
    }

    /// The memory of arrays of these capacities and of these string bytes.
    private static func bytes(arrivals: Int, entries: Int, strings: Int) -> Int {
        arrivals * MemoryLayout<ObjectInfo?>.stride + entries * MemoryLayout<Entry>.stride + strings
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
    var first: ObjectInfo? { heap.first.flatMap { arrivals[$0.arrival] } }

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
        let object = arrivals[smallest.arrival]
        arrivals[smallest.arrival] = nil
        stringBytes -= object?.heapBytes ?? 0
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
        var compacted: [ObjectInfo?] = []
        compacted.reserveCapacity(heap.count * 2)
        for index in heap.indices {
            compacted.append(arrivals[heap[index].arrival])
            heap[index].arrival = compacted.count - 1
        }
        arrivals = compacted
    }

    private func comesFirst(_ lhs: Entry, _ rhs: Entry) -> Bool {
        if lhs.size != rhs.size { return lhs.size < rhs.size }
        return arrivals[lhs.arrival]!.key < arrivals[rhs.arrival]!.key
    }
}
