import FileBackend
import MemoryBackend
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
            options: TransferOptions(concurrency: .fixed(3), partSize: 1 << 20, partsInFlight: 3), logger: quietLogger)
        let report = await engine.run(plan)
        #expect(report.copied == 2 && report.failures.isEmpty)
        #expect(source.readOrder.filter { $0 == "big" }.count == 6)
        #expect(source.maximumInFlight == 3)
        #expect(TreeSnapshot(sandbox.path).entries["big"]?.contents == bytes)
        #expect(TreeSnapshot(sandbox.path).temporaryFiles.isEmpty)
    }

    @Test("a large object behind small ones waits for the slots it can use, then reads that many ranges at once",
          arguments: [false, true], [false, true])
    func largeObjectWaitsForItsWidth(streaming: Bool, queuesRequests: Bool) async throws {
        let memory = MemoryStore()
        for index in 0..<12 { memory.put(ObjectKey("small-\(index)"), Array(repeating: UInt8(index), count: 100 + index)) }
        var random = SeededBytes(seed: 5)
        let bytes = random.bytes((4 << 20) + 1)
        memory.put("big", bytes)
        var settings = ProbeStore.Settings()
        settings.readDelay = .milliseconds(20)
        settings.queuesRequests = queuesRequests
        settings.holdReadsUntilInFlight = queuesRequests ? 6 : 4
        let source = ProbeStore(memory, settings)
        let destination = MemoryStore()
        let engine = TransferEngine(
            source: source, destination: destination,
            options: TransferOptions(concurrency: .fixed(4), partSize: 1 << 20, minimumPartSize: 1 << 20), logger: quietLogger)
        let listing = try await SourceListing.open(source, prefix: "")
        let report = streaming ? await engine.run(listing: listing) : await engine.run(try await engine.makePlan(from: listing))
        #expect(report.copied == 13 && report.failures.isEmpty)
        // Started on the one slot a finished small object frees, it would read one range at a time;
        // a source that queues requests gets two small objects more, never a ranged one early.
        #expect(source.maximumInFlight(of: "big") == 4)
        #expect(source.maximumInFlight == (queuesRequests ? 6 : 4))
        #expect(destination.contents(of: "big") == bytes)
    }

    @Test("large objects take slots by their size and run side by side, not one after another on every slot",
          arguments: [false, true])
    func largeObjectsRunSideBySide(streaming: Bool) async throws {
        let memory = MemoryStore()
        var random = SeededBytes(seed: 9)
        let contents = (0..<2).map { random.bytes((4 << 20) + 1 + $0) }
        for (index, bytes) in contents.enumerated() { memory.put(ObjectKey("big-\(index)"), bytes) }
        var settings = ProbeStore.Settings()
        settings.readDelay = .milliseconds(20)
        settings.holdReadsUntilInFlight = 8
        let source = ProbeStore(memory, settings)
        let destination = MemoryStore()
        let options = TransferOptions(concurrency: .fixed(8), partSize: 1 << 20, minimumPartSize: 1 << 20, bytesPerRangeInFlight: 1 << 20)
        let engine = TransferEngine(source: source, destination: destination, options: options, logger: quietLogger)
        let listing = try await SourceListing.open(source, prefix: "")
        let report = streaming ? await engine.run(listing: listing) : await engine.run(try await engine.makePlan(from: listing))
        #expect(report.copied == 2 && report.failures.isEmpty)
        // Each object of 5 parts calls for 4 ranges at once (one per MiB), not 5, so the two run
        // together in the 8 slots; taking 5, the first would leave too few for the second.
        for (index, bytes) in contents.enumerated() {
            #expect(source.maximumInFlight(of: ObjectKey("big-\(index)")) == 4)
            #expect(destination.contents(of: ObjectKey("big-\(index)")) == bytes)
        }
        #expect(source.maximumInFlight == 8)
    }

    @Test("an object's ranges in flight are held to the run's width, not to its slots, before anything is measured")
    func rangesHeldToTheWidth() async throws {
        var random = SeededBytes(seed: 21)
        let bytes = random.bytes(4 << 20)
        let memory = MemoryStore()
        memory.put("big", bytes)
        var settings = ProbeStore.Settings()
        settings.readDelay = .milliseconds(20)
        let source = ProbeStore(memory, settings)
        let sandbox = TemporaryDirectory("ranges")
        let destination = FileStore(root: sandbox.path, logger: quietLogger)
        // 4 ranges and 4 slots, 2 at first: the first window (2 finishing, then 2 measured) ends
        // with the last range, so nothing can widen it.
        let options = TransferOptions(concurrency: .fixed(8), partSize: 1 << 20, minimumPartSize: 1 << 20,
                                      rangesInFlightAtFirst: 2, bytesPerRangeInFlight: 1 << 20)
        let engine = TransferEngine(source: source, destination: destination, options: options, logger: quietLogger)
        let report = await engine.run(try await engine.makePlan(from: try await SourceListing.open(source, prefix: "")))
        #expect(report.copied == 1 && report.failures.isEmpty)
        #expect(TreeSnapshot(sandbox.path).entries["big"]?.contents == bytes)
        #expect(source.readOrder.count == 4)
        #expect(source.maximumInFlight(of: "big") == 2)
        #expect(report.rangesInFlight == 2)
    }

    @Test("an object with no range in flight gets one even when others fill the run's width")
    func everyObjectGetsARange() async throws {
        var random = SeededBytes(seed: 22)
        let contents = (0..<2).map { random.bytes((2 << 20) - $0) }   // two ranges each
        let memory = MemoryStore()
        for (index, bytes) in contents.enumerated() { memory.put(ObjectKey("big-\(index)"), bytes) }
        var settings = ProbeStore.Settings()
        // Reads wait until two are in flight (or 10 s): both objects must be read at once.
        settings.holdReadsUntilInFlight = 2
        let source = ProbeStore(memory, settings)
        let destination = MemoryStore()
        let options = TransferOptions(concurrency: .fixed(8), partSize: 1 << 20, minimumPartSize: 1 << 20,
                                      rangesInFlightAtFirst: 1, bytesPerRangeInFlight: 1 << 20)
        let engine = TransferEngine(source: source, destination: destination, options: options, logger: quietLogger)
        let report = await engine.run(listing: try await SourceListing.open(source, prefix: ""))
        // Without its one range, the second object's read would end with none of its bytes.
        #expect(report.copied == 2 && report.failures.isEmpty)
        for (index, bytes) in contents.enumerated() {
            #expect(destination.contents(of: ObjectKey("big-\(index)")) == bytes)
            #expect(source.maximumInFlight(of: ObjectKey("big-\(index)")) == 1)
        }
        #expect(source.maximumInFlight == 2)
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
            options: TransferOptions(concurrency: .fixed(1)), retrying: fastRetries(), logger: quietLogger)
        let report = await engine.run(plan)
        #expect(report.copied == 1 && report.failures.isEmpty)
        #expect(destination.contents(of: "k") == Array("newer contents".utf8))
    }
}
