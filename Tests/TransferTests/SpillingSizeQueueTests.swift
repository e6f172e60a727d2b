import FileBackend
import FoundationEssentials
import MemoryBackend
import ObjectStore
import Testing
import TestSupport
@testable import Transfer

@Suite("SpillingSizeQueue: the copy queue within a memory budget")
struct SpillingSizeQueueTests {
    /// Objects with many equal sizes (keys break the ties), hostile keys among them, in a
    /// shuffled order, with the fields a listing gives.
    private func objects(_ count: Int, seed: UInt64) -> [ObjectInfo] {
        var random = SeededBytes(seed: seed)
        let hostile = HostileKey.all().map(\.key)
        return (0..<count).map { index in
            let size = Int64(random.next() % 40)
            let stem = index % 7 == 0 ? hostile[index % hostile.count] : "k\(random.next() % 97)"
            let md5 = MD5Digest(bytes: random.bytes(16))!
            return ObjectInfo(key: ObjectKey("\(stem)/\(index)"), size: size,
                              lastModified: Date(timeIntervalSince1970: Double(random.next() % 1_000_000_000) / 7),
                              etag: index % 5 == 0 ? "\"\(md5.hex)-3\"" : "\"\(md5.hex)\"", md5: index % 5 == 0 ? nil : md5)
        }
    }

    /// Runs the same inserts and takes (a take after every `takeEvery` inserts, then all) on a
    /// spilling queue and an in-memory heap; returns both sequences of taken objects.
    private func takes(_ input: [ObjectInfo], budget: Int, scratch: any ScratchSpace, mergeFanIn: Int = 32, takeEvery: Int,
                       check: (SpillingSizeQueue) -> Void = { _ in }) throws -> (spilled: [ObjectInfo], inMemory: [ObjectInfo], queue: SpillingSizeQueue) {
        var queue = SpillingSizeQueue(budget: budget, scratch: scratch, mergeFanIn: mergeFanIn)
        var heap = SizeOrderedHeap()
        var spilled: [ObjectInfo] = []
        var inMemory: [ObjectInfo] = []
        for (index, object) in input.enumerated() {
            try queue.insert(object)
            heap.insert(object)
            check(queue)
            if index % takeEvery == 0 {
                #expect(queue.first == heap.first)
                spilled.append(try queue.popFirst()!)
                inMemory.append(heap.popFirst()!)
            }
        }
        #expect(queue.count == heap.count)
        while let object = try queue.popFirst() { spilled.append(object) }
        while let object = heap.popFirst() { inMemory.append(object) }
        #expect(queue.isEmpty && queue.first == nil)
        return (spilled, inMemory, queue)
    }

    @Test("spilled to many runs and merged, objects come out in exactly the in-memory order, fields intact",
          arguments: [2, 3, 1_000_000])
    func orderMatchesTheHeap(takeEvery: Int) throws {
        let input = objects(6000, seed: UInt64(takeEvery))
        let scratch = MemoryScratchSpace()
        let (spilled, inMemory, queue) = try takes(input, budget: 64 << 10, scratch: scratch, mergeFanIn: 4, takeEvery: takeEvery)
        #expect(spilled.count == input.count)
        #expect(spilled == inMemory)
        #expect(spilled.map(\.etag) == inMemory.map(\.etag))
        #expect(queue.spills > 2 * queue.mergeFanIn, "\(queue.spills) spills: the runs were merged more than once")
        #expect(queue.objectsWritten > queue.spills * 50, "\(queue.objectsWritten) objects written in \(queue.spills) spills")
        #expect(scratch.liveFiles == 0, "every scratch file is released once its run is used up")
    }

    @Test("what the queue holds in memory stays within its budget while 40,000 objects wait")
    func memoryStaysWithinBudget() throws {
        let input = objects(40_000, seed: 9)
        let budget = 1 << 20
        var highest = 0
        let scratch = MemoryScratchSpace()
        let (spilled, inMemory, queue) = try takes(input, budget: budget, scratch: scratch, takeEvery: 1_000_000) { queue in
            highest = max(highest, queue.memoryHeld)
        }
        #expect(spilled == inMemory)
        #expect(queue.spills >= 3)
        #expect(highest <= budget, "held at most \(highest) bytes")
        #expect(highest > budget / 2, "held at most \(highest) bytes: the budget is used, not wasted")
    }

    @Test("over the resident limit the queue spills early, once it holds an eighth of its budget, in the same order")
    func residentLimitSpillsEarly() throws {
        let input = objects(20_000, seed: 4)
        let budget = 8 << 20
        // The process reads as over its limit once 3,000 objects are in: only the resident check can spill.
        let inserted = Counter()
        let limit = ResidentMemoryLimit(limit: 100, checkInterval: 256) { inserted.value >= 3000 ? 101 : 99 }
        var queue = SpillingSizeQueue(budget: budget, scratch: MemoryScratchSpace(), resident: limit)
        for object in input {
            try queue.insert(object)
            inserted.value += 1
        }
        #expect(queue.residentSpills > 0 && queue.spills == queue.residentSpills)
        var taken: [ObjectInfo] = []
        while let object = try queue.popFirst() { taken.append(object) }
        #expect(taken == input.sorted(by: ObjectInfo.sizeOrder))
        var unlimited = SpillingSizeQueue(budget: budget, scratch: MemoryScratchSpace(),
                                          resident: ResidentMemoryLimit(limit: 100, checkInterval: 256) { 99 })
        for object in input { try unlimited.insert(object) }
        #expect(unlimited.spills == 0, "under its limit, and under the budget, nothing spills")
    }

    @Test("without a scratch space nothing spills")
    func noScratchNoSpill() throws {
        var queue = SpillingSizeQueue(budget: 1, scratch: nil)
        for object in objects(500, seed: 2) { try queue.insert(object) }
        #expect(queue.spills == 0 && queue.count == 500)
    }

    @Test("runs on a local disk are nameless: the folder shows nothing while they are in use, so a kill leaves nothing")
    func fileScratchIsNameless() throws {
        let folder = TemporaryDirectory("scratch")
        let input = objects(3000, seed: 5)
        var queue = SpillingSizeQueue(budget: 64 << 10, scratch: FileScratchSpace(directory: folder.path), mergeFanIn: 4)
        for object in input { try queue.insert(object) }
        #expect(queue.spills > 4)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        var taken: [ObjectInfo] = []
        while let object = try queue.popFirst() { taken.append(object) }
        #expect(taken == input.sorted(by: ObjectInfo.sizeOrder))
    }

    @Test("a scratch space that fails is a noSpace error; the objects it held are counted, not lost silently")
    func failingScratch() throws {
        let input = objects(2000, seed: 6)
        var queue = SpillingSizeQueue(budget: 64 << 10, scratch: MemoryScratchSpace(failWritesAfter: 100_000))
        var thrown: ObjectStoreError?
        var inserted = 0
        for object in input {
            do {
                inserted += 1
                try queue.insert(object)
            } catch {
                thrown = error
                break
            }
        }
        #expect(thrown?.code == .noSpace)
        #expect(queue.count + queue.dropped == inserted - 1, "all but the object refused")
        #expect(queue.dropped > 0)
    }

    @Test("a missing scratch folder is a clear error naming it")
    func missingFolder() throws {
        let space = FileScratchSpace(directory: "/nonexistent-s3clone-scratch")
        let error = #expect(throws: ObjectStoreError.self) { _ = try space.makeScratchFile() }
        #expect(error?.code == .notFound)
        #expect(error?.message.contains("/nonexistent-s3clone-scratch") == true)
    }
}

/// A count the resident-memory probe of a test reads.
private final class Counter: @unchecked Sendable {
    var value = 0
}
