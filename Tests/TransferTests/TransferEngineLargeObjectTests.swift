import FileBackend
import ObjectStore
import Testing
import TestSupport
import Transfer

@Suite("TransferEngine: large objects and changing sources")
struct TransferEngineLargeObjectTests {
    @Test("an object larger than the part size is read as parallel ranges into one file")
    func parallelParts() async throws {
        var random = SeededBytes(seed: 11)
        let bytes = random.bytes((5 << 20) + 4321)
        let memory = MemoryStore()
        memory.put("big", bytes)
        memory.put("small", [1, 2, 3])
        var settings = ProbeStore.Settings()
        settings.readDelay = .milliseconds(20)
        let source = ProbeStore(memory, settings)
        let sandbox = TemporaryDirectory("parts")
        let destination = FileStore(root: sandbox.path, logger: quietLogger)
        let plan = try await TransferPlanner(source: source, destination: destination, policy: .init(), logger: quietLogger).makePlan()
        let engine = TransferEngine(
            source: source, destination: destination,
            options: TransferOptions(workers: 3, partSize: 1 << 20, partsInFlight: 3), logger: quietLogger)
        let report = await engine.run(plan)
        #expect(report.copied == 2 && report.failures.isEmpty)
        #expect(source.readOrder.filter { $0 == "big" }.count == 6)
        #expect(source.maximumInFlight == 3)
        #expect(TreeSnapshot(sandbox.path).entries["big"]?.contents == bytes)
        #expect(TreeSnapshot(sandbox.path).temporaryFiles.isEmpty)
    }

    @Test("an object that changed after listing is stat'ed again and copied as it is now")
    func changedSourceStartsOver() async throws {
        let source = MemoryStore()
        source.put("k", Array("old".utf8))
        let destination = MemoryStore()
        let plan = try await TransferPlanner(source: source, destination: destination, policy: .init(), logger: quietLogger).makePlan()
        source.put("k", Array("newer contents".utf8))
        let engine = TransferEngine(
            source: source, destination: destination,
            options: TransferOptions(workers: 1, initialBackoff: .milliseconds(1)), logger: quietLogger)
        let report = await engine.run(plan)
        #expect(report.copied == 1 && report.failures.isEmpty)
        #expect(destination.contents(of: "k") == Array("newer contents".utf8))
    }
}
