import ObjectStore

/// Objects waiting to be copied, handed out smallest first (``ObjectInfo/sizeOrder``: size, then
/// key) whatever order they were added in. A binary min-heap: adding and taking are O(log n).
struct SizeOrderedHeap {
    private var storage: [ObjectInfo] = []

    var isEmpty: Bool { storage.isEmpty }
    var count: Int { storage.count }

    /// Adds one object.
    mutating func insert(_ object: ObjectInfo) {
        storage.append(object)
        var child = storage.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard ObjectInfo.sizeOrder(storage[child], storage[parent]) else { break }
            storage.swapAt(child, parent)
            child = parent
        }
    }

    /// The object that comes first, if any; peeking does not remove it.
    var first: ObjectInfo? { storage.first }

    /// Removes and returns the object that comes first.
    mutating func popFirst() -> ObjectInfo? {
        guard !storage.isEmpty else { return nil }
        storage.swapAt(0, storage.count - 1)
        let smallest = storage.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < storage.count else { break }
            let right = left + 1
            var smaller = left
            if right < storage.count, ObjectInfo.sizeOrder(storage[right], storage[left]) { smaller = right }
            guard ObjectInfo.sizeOrder(storage[smaller], storage[parent]) else { break }
            storage.swapAt(parent, smaller)
            parent = smaller
        }
        return smallest
    }
}
