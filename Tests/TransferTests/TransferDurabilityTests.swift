import MemoryBackend
import ObjectStore
import Reporting
import Testing
import TestSupport
import Transfer

@Suite("TransferEngine puts its copies on stable storage")
struct TransferDurabilityTests {
    func run(_ source: any ObjectStore, _ destination: ProbeStore, flushes: Bool = true) async throws -> TransferReport {
        let engine = TransferEngine(source: source, destination: destination,
                                    options: TransferOptions(concurrency: .fixed(4), flushesCopies: flushes),
                                    retrying: fastRetries(), logger: quietLogger)
        return await engine.run(listing: try await SourceListing.open(source, prefix: ""))
    }

    @Test("a run that copied flushes the destination once, at the end; a run that copied nothing, or with flushing off, does not")
    func flushesOnceAfterCopies() async throws {
        let source = seededStore(count: 30)
        let destination = ProbeStore(MemoryStore())
        let first = try await run(source, destination)
        #expect(first.copied == 30 && first.exitStatus == ExitStatus.success)
        #expect(destination.flushCount == 1)
        let again = try await run(source, destination)
        #expect(again.copied == 0 && again.skipped == 30)
        #expect(destination.flushCount == 1)
        source.put(ObjectKey("late"), Array("one more".utf8))
        let unflushed = try await run(source, destination, flushes: false)
        #expect(unflushed.copied == 1)
        #expect(destination.flushCount == 1)
    }

    @Test("a flush that fails ends the run with exit 1 and the file system's error; the copies stay in place")
    func failedFlushIsFatal() async throws {
        let source = seededStore(count: 5)
        let inner = MemoryStore()
        var settings = ProbeStore.Settings()
        settings.flushFailure = ObjectStoreError(.io, "flush '/data' to stable storage: Input/output error (EIO)")
        let report = try await run(source, ProbeStore(inner, settings))
        #expect(report.copied == 5)
        #expect(report.fatal?.code == .io)
        #expect(report.fatal?.message == "the copies are in place but could not be put on stable storage: flush '/data' to stable storage: Input/output error (EIO)")
        #expect(report.exitStatus == ExitStatus.failures)
        for key in source.keys { #expect(inner.contents(of: key) == source.contents(of: key)) }
    }
}
