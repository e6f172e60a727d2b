import ObjectStore

/// Objects waiting to be copied, handed out smallest first (``ObjectInfo/sizeOrder``: size, then
/// key) whatever order they were added in.
///
/// A binary min-heap of 16-byte entries (size and arrival number) over the objects, which stay
/// where they arrived: sifting moves no strings and touches no reference counts, and keys are
/// compared only between objects of the same size. Adding and taking are O(log n).
struct SizeOrderedHeap {
    private struct Entry {
        var size: Int64
        var arrival: Int
    }

    /// Objects by arrival number; `nil` once handed out (so their keys are freed).
    private var arrivals: [ObjectInfo?] = []
    private var heap: [Entry] = []

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }

    /// Adds one object.
    mutating func insert(_ object: ObjectInfo) {
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
        if heap.isEmpty { arrivals.removeAll(keepingCapacity: false) }
        return object
    }

    private func comesFirst(_ lhs: Entry, _ rhs: Entry) -> Bool {
        if lhs.size != rhs.size { return lhs.size < rhs.size }
        return arrivals[lhs.arrival]!.key < arrivals[rhs.arrival]!.key
    }
}

extension Array where Element == ObjectInfo {
    /// The indices of the objects in ``ObjectInfo/sizeOrder``, sorted without moving the objects:
    /// 16-byte (size, index) pairs are sorted. When the objects are in key order (an S3 listing),
    /// the index settles ties of size; otherwise ties compare keys.
    func indicesInSizeOrder() -> [Int] {
        var pairs = indices.map { (size: self[$0].size, index: $0) }
        let inKeyOrder = indices.dropFirst().allSatisfy { self[$0 - 1].key < self[$0].key }
        pairs.sort { lhs, rhs in
            if lhs.size != rhs.size { return lhs.size < rhs.size }
            return inKeyOrder ? lhs.index < rhs.index : self[lhs.index].key < self[rhs.index].key
        }
        return pairs.map(\.index)
    }
}
