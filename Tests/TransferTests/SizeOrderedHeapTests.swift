import ObjectStore
import Testing
import TestSupport
@testable import Transfer

@Suite("SizeOrderedHeap")
struct SizeOrderedHeapTests {
    /// 2,000 objects with many equal sizes (so keys break ties), in a shuffled order.
    private func objects(seed: UInt64) -> [ObjectInfo] {
        var random = SeededBytes(seed: seed)
        return (0..<2000).map { index in
            let size = Int64(random.bytes(1)[0] % 50)
            return ObjectInfo(key: ObjectKey("k\(random.bytes(1)[0] % 97)/\(index)"), size: size)
        }
    }

    @Test("hands out size then key order, however the objects arrive, also when adding between takes")
    func heapOrder() {
        let input = objects(seed: 3)
        var heap = SizeOrderedHeap()
        var waiting: [ObjectInfo] = []
        var wrongTakes = 0
        func take() -> ObjectInfo? {
            guard let taken = heap.popFirst() else { return nil }
            let expected = waiting.min(by: ObjectInfo.sizeOrder)!
            if taken != expected { wrongTakes += 1 }
            waiting.remove(at: waiting.firstIndex(of: expected)!)
            return taken
        }
        var taken = 0
        for (index, object) in input.enumerated() {
            heap.insert(object)
            waiting.append(object)
            if index % 3 == 0, take() != nil { taken += 1 }
        }
        #expect(heap.count == input.count - taken)
        while take() != nil { taken += 1 }
        #expect(wrongTakes == 0)
        #expect(taken == input.count && waiting.isEmpty)
        #expect(heap.isEmpty && heap.first == nil)
    }

    @Test("removing all at once hands out what popping one by one would, and empties the heap")
    func removeAllInOrder() {
        let input = objects(seed: 11)
        var popped = SizeOrderedHeap(), drained = SizeOrderedHeap()
        for (index, object) in input.enumerated() {
            popped.insert(object)
            drained.insert(object)
            if index % 5 == 0 {  // vacated slots, and (past 1,024) compacted arrivals, on both sides
                _ = popped.popFirst()
                _ = drained.popFirst()
            }
        }
        var expected: [ObjectInfo] = []
        while let object = popped.popFirst() { expected.append(object) }
        var handedOut: [ObjectInfo] = []
        drained.removeAll { object in handedOut.append(object) }
        #expect(handedOut.count == input.count - (input.count + 4) / 5)
        #expect(handedOut == expected)
        #expect(drained.isEmpty && drained.first == nil)
        #expect(drained.estimatedBytes == 0)
        drained.insert(input[0])
        #expect(drained.popFirst() == input[0], "usable again after")
    }
}
