import FileBackend
import MemoryBackend
import ObjectStore
import Reporting
import Testing
import TestSupport
import Transfer

@Suite("TransferPlanner")
struct TransferPlannerTests {
    @Test("the plan is in size order, then key byte order")
    func sizeOrder() async throws {
        let source = MemoryStore(pageSize: 3)
        source.put("b", [1, 2])
        source.put("a", [1, 2])
        source.put("Z", [1, 2])
        source.put("big", [UInt8](repeating: 0, count: 100))
        source.put("empty", [])
        source.put("one", [1])
        let plan = try await TransferPlanner(source: source, destination: MemoryStore(), policy: .init(), logger: quietLogger).makePlan()
        #expect(plan.items.map(\.source.key.rawValue) == ["empty", "one", "Z", "a", "b", "big"])
    }

    @Test("a file beside a folder of the same name fails for a hierarchical destination only")
    func fileFolderClash() async throws {
        let source = MemoryStore()
        source.put("a", [1])
        source.put("a/b", [2])
        source.put("dir", [3])
        source.put("dir/", [])
        source.put("dir-x", [4])
        let sandbox = TemporaryDirectory("clash")
        let files = FileStore(root: sandbox.path, logger: quietLogger)
        let plan = try await TransferPlanner(source: source, destination: files, policy: .init(), logger: quietLogger).makePlan()
        var failed: [String: ObjectStoreError.Code] = [:]
        for item in plan.items { if case .failed(let error) = item.outcome { failed[item.source.key.rawValue] = error.code } }
        #expect(failed == ["a": .collision, "dir": .collision])
        let flat = try await TransferPlanner(source: source, destination: MemoryStore(), policy: .init(), logger: quietLogger).makePlan()
        #expect(flat.tally.failed == 0)
    }

    @Test("a plan streamed through a spilling queue is the in-memory plan item for item, clashes, skips and mismatches included")
    func streamedPlanSpills() async throws {
        let source = MemoryStore(pageSize: 100)
        var random = SeededBytes(seed: 31)
        for index in 0..<3000 {
            source.put(ObjectKey("f\(index % 40)/\(index)"), random.bytes(Int(random.next() % 64)))
        }
        for index in 0..<5 { source.put(ObjectKey("f\(index)"), [UInt8(index)]) }  // each a file beside its folder
        let sandbox = TemporaryDirectory("streamed-plan")
        sandbox.write("f7/7", source.contents(of: "f7/7")! + [0])  // a mismatch: one byte longer
        sandbox.write("f9/9", source.contents(of: "f9/9")!)  // a skip
        let destination = FileStore(root: sandbox.path, logger: quietLogger)
        let inMemory = try await TransferPlanner(source: source, destination: destination, policy: .init(), logger: quietLogger).makePlan()
        let scratch = MemoryScratchSpace()
        let planner = TransferPlanner(source: source, destination: destination, policy: .init(), scratch: scratch,
                                      queueBudget: 64 << 10, logger: quietLogger)
        var streamed: [TransferPlan.Item] = []
        let tally = try await planner.plan(from: SourceListing.open(source, prefix: "")) { streamed.append($0) }
        #expect(scratch.filesMade > 3 && scratch.liveFiles == 0)
        #expect(streamed == inMemory.items)
        #expect(tally == inMemory.tally)
        #expect(tally.failed == 5 && tally.toSkip == 1 && tally.mismatched == 1)
        #expect(tally.toCopy + tally.toSkip + tally.mismatched + tally.failed == 3005)
    }

    @Test("a plan whose queue cannot spill fails with the scratch space's error, naming the queue")
    func streamedPlanSpillFails() async throws {
        let source = seededStore(count: 2000)
        let planner = TransferPlanner(source: source, destination: MemoryStore(), policy: .init(),
                                      scratch: MemoryScratchSpace(failWritesAfter: 0), queueBudget: 64 << 10, logger: quietLogger)
        let error = await #expect(throws: ObjectStoreError.self) {
            _ = try await planner.plan(from: SourceListing.open(source, prefix: "")) { _ in }
        }
        #expect(error?.code == .noSpace)
        #expect(error?.message.hasPrefix("the copy queue could not spill to disk: ") == true)
    }

    @Test("unsafe keys become failed items, the rest are planned")
    func unsafeKeys() async throws {
        let source = MemoryStore()
        source.put("../escape", [1])
        source.put("ok", [2])
        source.put("a//b", [3])
        let sandbox = TemporaryDirectory("unsafe")
        let plan = try await TransferPlanner(
            source: source, destination: FileStore(root: sandbox.path, logger: quietLogger), policy: .init(), logger: quietLogger
        ).makePlan()
        #expect(plan.tally.failed == 2)
        #expect(plan.tally.toCopy == 1)
    }

    @Test("prefix selects a folder and keys keep it")
    func prefix() async throws {
        let source = MemoryStore()
        source.put("logs/1", [1])
        source.put("logs-old/2", [2])
        source.put("other", [3])
        let plan = try await TransferPlanner(source: source, destination: MemoryStore(), policy: .init(), prefix: "logs/", logger: quietLogger).makePlan()
        #expect(plan.items.map(\.source.key.rawValue) == ["logs/1"])
    }

    @Test("etag verification compares MD5s of same-size objects")
    func checksums() async throws {
        let source = MemoryStore()
        source.put("same", Array("hello".utf8))
        source.put("differ", Array("hello".utf8))
        source.put("resized", Array("hello".utf8))
        let destination = MemoryStore()
        destination.put("same", Array("hello".utf8))
        destination.put("differ", Array("jello".utf8))
        destination.put("resized", Array("hello!".utf8))
        let plan = try await TransferPlanner(
            source: source, destination: destination, policy: .init(verification: .etag), logger: quietLogger
        ).makePlan()
        var reasons: [String: Decision] = [:]
        for item in plan.items { if case .decided(let decision) = item.outcome { reasons[item.source.key.rawValue] = decision } }
        #expect(reasons["same"] == Decision(.skip, .checksumMatches))
        #expect(reasons["differ"]?.action == .reportMismatch)
        #expect(reasons["resized"] == Decision(.reportMismatch, .sizeDiffers(local: 6, source: 5)))
    }

    @Test("planning writes nothing (what --dry-run relies on)")
    func planningWritesNothing() async throws {
        let source = seededStore(count: 50)
        let sandbox = TemporaryDirectory("dry")
        let destination = FileStore(root: sandbox.at("dest"), logger: quietLogger)
        let plan = try await TransferPlanner(source: source, destination: destination, policy: .init(), logger: quietLogger).makePlan()
        #expect(plan.tally.toCopy == 50)
        #expect(TreeSnapshot(sandbox.path).entries.isEmpty)
        #expect(plan.predictedExitStatus == ExitStatus.success)
    }
}
