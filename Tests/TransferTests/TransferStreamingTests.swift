import FileBackend
import MemoryBackend
import ObjectStore
import Reporting
import Testing
import TestSupport
import Transfer

@Suite("TransferEngine: copying while the listing arrives")
struct TransferStreamingTests {
    private func run(
        _ source: any ObjectStore, to destination: any ObjectStore, workers: Int = 1, adaptiveMaximum: Int? = nil,
        progress: TransferProgress = TransferProgress()
    ) async throws -> TransferReport {
        let listing = try await SourceListing.open(source, prefix: "", progress: progress)
        let engine = TransferEngine(
            source: source, destination: destination,
            options: TransferOptions(concurrency: adaptiveMaximum.map { .adaptive(start: workers, maximum: $0) } ?? .fixed(workers)), retrying: fastRetries(),
            logger: quietLogger, progress: progress)
        return await engine.run(listing: listing)
    }

    @Test("the first copy starts before the second page arrives; once the listing is complete the rest go smallest first")
    func copiesStartBeforeTheListingEnds() async throws {
        // The engine asks for a page only after it has queued the one before, so once its listing
        // reads the end, every object is queued.
        let progress = TransferProgress()
        var settings = PagedSource.Settings()
        settings.pagesWaitForReads = 1
        settings.readsWaitFor = { progress.snapshot().totalsFinal }
        let source = PagedSource([[("e", 5), ("c", 3)], [("a", 1), ("d", 4)], [("b", 2)]], settings)
        let destination = MemoryStore()
        let report = try await run(source, to: destination, progress: progress)
        #expect(report.copied == 5 && report.exitStatus == ExitStatus.success)
        #expect(progress.snapshot().objectsTotal == 5)
        #expect(!source.waitedOut)
        #expect(source.log.prefix(2) == ["page 1", "read c"])
        #expect(source.readOrder == ["c", "a", "b", "d", "e"])
        #expect(destination.contents(of: "e") == Array("eeeee".utf8))
    }

    @Test("a key that a later page turns into a folder is reported; in key order only the page's last keys wait")
    func folderClashAcrossPages() async throws {
        let source = PagedSource([[("a", 1), ("a.txt", 2)], [("a/b", 4), ("ab", 3), ("b", 5)]])
        let sandbox = TemporaryDirectory("stream-clash")
        let report = try await run(source, to: FileStore(root: sandbox.path, logger: quietLogger), workers: 4)
        #expect(report.copied == 4)
        #expect(report.failures.map(\.object.key) == ["a"])
        #expect(report.failures.first?.error.code == .collision)
        let tree = TreeSnapshot(sandbox.path)
        #expect(tree.entries["a/b"]?.contents == Array("aaaa".utf8))
        #expect(tree.entries["a.txt"]?.contents == Array("aa".utf8))
        #expect(tree.temporaryFiles.isEmpty)
    }

    @Test("a listing out of key order holds its keys until the end, and still finds the clash")
    func folderClashInAnUnorderedListing() async throws {
        let source = PagedSource([[("b", 1), ("a", 2)], [("b/c", 3)]])
        let sandbox = TemporaryDirectory("stream-unordered")
        let report = try await run(source, to: FileStore(root: sandbox.path, logger: quietLogger), workers: 4)
        #expect(report.copied == 2)
        #expect(report.failures.map(\.object.key) == ["b"])
        #expect(TreeSnapshot(sandbox.path).entries["b/c"]?.contents == Array("bbb".utf8))
    }

    @Test("a listing that fails half way stops the run with that error; nothing partial remains")
    func listingFailureStops() async throws {
        var settings = PagedSource.Settings()
        settings.failAfterPages = 1
        let source = PagedSource([[("a", 10), ("b", 20)], [("c", 30)]], settings)
        let sandbox = TemporaryDirectory("stream-listing-fails")
        let report = try await run(source, to: FileStore(root: sandbox.path, logger: quietLogger), workers: 2)
        #expect(report.fatal?.code == .network)
        #expect(report.fatal?.message == "listing the source failed: connection reset (injected)")
        #expect(report.exitStatus == ExitStatus.failures)
        #expect(report.summaryLines().last == "stopped: listing the source failed: connection reset (injected) [network]")
        let tree = TreeSnapshot(sandbox.path)
        #expect(tree.temporaryFiles.isEmpty)
        for (key, entry) in tree.entries {
            #expect(entry.contents == [UInt8](repeating: key.utf8.first!, count: key == "a" ? 10 : 20))
        }
    }

    @Test("with no limit given the in-flight limit grows while reads take as long as before; a fixed one does not move")
    func adaptiveLimitGrows() async throws {
        let memory = MemoryStore()
        for index in 0..<400 { memory.put(ObjectKey("o\(index)"), [UInt8(index % 256)]) }
        var settings = ProbeStore.Settings()
        settings.readDelay = .milliseconds(15)
        let adaptiveSource = ProbeStore(memory, settings)
        let adaptive = try await run(adaptiveSource, to: MemoryStore(), workers: 2, adaptiveMaximum: 64)
        #expect(adaptive.copied == 400)
        #expect(adaptive.highestConcurrency > 2)
        #expect(adaptiveSource.maximumInFlight > 2 && adaptiveSource.maximumInFlight <= 64)
        let fixedSource = ProbeStore(memory, settings)
        let fixed = try await run(fixedSource, to: MemoryStore(), workers: 2)
        #expect(fixed.copied == 400 && fixed.highestConcurrency == 2)
        #expect(fixedSource.maximumInFlight == 2)
    }
}
