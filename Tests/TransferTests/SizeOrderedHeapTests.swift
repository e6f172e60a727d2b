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
}
