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
        progress: TransferProgress = TransferProgress(), memoryBudget: Int = TransferOptions.defaultMemoryBudget,
        scratch: (any ScratchSpace)? = nil
    ) async throws -> TransferReport {
        let listing = try await SourceListing.open(source, prefix: "", progress: progress)
        let concurrency: ConcurrencyLimit = adaptiveMaximum.map { .adaptive(start: workers, maximum: $0) } ?? .fixed(workers)
        let engine = TransferEngine(
            source: source, destination: destination,
            options: TransferOptions(concurrency: concurrency, memoryBudget: memoryBudget), retrying: fastRetries(),
            scratch: scratch, logger: quietLogger, progress: progress)
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

    /// 3,000 objects in key order over 30 pages, with sizes that repeat (keys break the ties).
    /// ``spillingSource(_:)`` whose reads wait for the listing to end (so the whole listing
    /// queues), and the progress they watch.
    private func spillingSourceHeldBack() -> (PagedSource, [(ObjectKey, Int)], TransferProgress) {
        let progress = TransferProgress()
        var settings = PagedSource.Settings()
        settings.readsWaitFor = { progress.snapshot().totalsFinal }
        let (source, entries) = spillingSource(settings)
        return (source, entries, progress)
    }

    private func spillingSource(_ settings: PagedSource.Settings) -> (PagedSource, [(ObjectKey, Int)]) {
        var random = SeededBytes(seed: 21)
        let entries = (0..<3000).map { (ObjectKey("d\($0 / 500)/o\(String($0, radix: 16))"), Int(random.next() % 300)) }
            .sorted { $0.0 < $1.0 }
        let pages = stride(from: 0, to: entries.count, by: 100).map { Array(entries[$0..<min($0 + 100, entries.count)]) }
        return (PagedSource(pages, settings), entries)
    }

    @Test("a listing past the queue's budget spills to scratch files and is copied byte for byte, smallest first; the files are released")
    func queueSpills() async throws {
        let (source, entries, progress) = spillingSourceHeldBack()
        let scratch = MemoryScratchSpace()
        let destination = MemoryStore()
        let report = try await run(source, to: destination, progress: progress, memoryBudget: 128 << 10, scratch: scratch)
        #expect(report.copied == entries.count && report.exitStatus == ExitStatus.success)
        #expect(scratch.filesMade > 3, "\(scratch.filesMade) runs")
        #expect(scratch.liveFiles == 0)
        for (key, size) in entries {
            #expect(destination.contents(of: key) == [UInt8](repeating: UInt8(ascii: "d"), count: size))
        }
        // One worker: the first read (the smallest of page 1) waits for the listing to end, and
        // then everything else comes out of the heap and the runs in exact size order.
        let bySize = { (lhs: (ObjectKey, Int), rhs: (ObjectKey, Int)) in lhs.1 != rhs.1 ? lhs.1 < rhs.1 : lhs.0 < rhs.0 }
        let first = entries.prefix(100).min(by: bySize)!
        let rest = entries.filter { $0.0 != first.0 }.sorted(by: bySize).map(\.0.rawValue)
        #expect(source.readOrder == [first.0.rawValue] + rest)
    }

    @Test("spilling into the destination folder itself leaves it holding exactly the copied tree, no scratch file")
    func spillsIntoTheDestination() async throws {
        let (source, entries, progress) = spillingSourceHeldBack()
        let sandbox = TemporaryDirectory("spill-dest")
        let report = try await run(source, to: FileStore(root: sandbox.path, logger: quietLogger), workers: 4, progress: progress,
                                   memoryBudget: 128 << 10, scratch: FileScratchSpace(directory: sandbox.path))
        #expect(report.copied == entries.count && report.exitStatus == ExitStatus.success)
        let tree = TreeSnapshot(sandbox.path)
        #expect(tree.temporaryFiles.isEmpty)
        #expect(Set(tree.entries.keys) == Set(entries.map(\.0.rawValue) + (0..<6).map { "d\($0)/" }))
        for (key, size) in entries { #expect(tree.entries[key.rawValue]?.size == Int64(size)) }
    }

    @Test("a scratch space that fails stops the run with noSpace, naming the queue; nothing partial remains")
    func spillFailureStops() async throws {
        let (source, entries) = spillingSource(PagedSource.Settings())
        let sandbox = TemporaryDirectory("spill-fails")
        let progress = TransferProgress()
        let report = try await run(source, to: FileStore(root: sandbox.path, logger: quietLogger), workers: 2,
                                   progress: progress, memoryBudget: 128 << 10, scratch: MemoryScratchSpace(failWritesAfter: 0))
        #expect(report.fatal?.code == .noSpace)
        #expect(report.fatal?.message.hasPrefix("the copy queue could not spill to disk: ") == true)
        #expect(report.exitStatus == ExitStatus.failures)
        // Every object listed before the stop is accounted for; the listing was not read further.
        let listed = progress.snapshot().objectsTotal
        #expect(listed < entries.count)
        #expect(report.copied + report.notAttempted + report.failures.count == listed)
        let tree = TreeSnapshot(sandbox.path)
        #expect(tree.temporaryFiles.isEmpty)
        #expect(tree.entries.count < entries.count)
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
