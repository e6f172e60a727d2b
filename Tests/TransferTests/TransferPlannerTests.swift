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
