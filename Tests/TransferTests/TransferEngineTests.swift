import FileBackend
import MemoryBackend
import ObjectStore
import Reporting
import Testing
import TestSupport
import Transfer

@Suite("TransferEngine")
struct TransferEngineTests {
    @Test("copies everything byte for byte; a second run copies nothing")
    func copiesAndResumes() async throws {
        let source = seededStore(count: 200)
        let destination = MemoryStore()
        let (report, _) = try await transfer(from: source, to: destination)
        #expect(report.copied == 200 && report.failures.isEmpty && report.exitStatus == ExitStatus.success)
        for key in source.keys { #expect(destination.contents(of: key) == source.contents(of: key)) }
        let probe = ProbeStore(source)
        let (again, _) = try await transfer(from: probe, to: destination)
        #expect(again.copied == 0 && again.skipped == 200)
        #expect(probe.readCount == 0)
    }

    @Test("with one worker, copies start in size order")
    func sizeOrderObserved() async throws {
        let source = ProbeStore(seededStore(count: 100))
        _ = try await transfer(from: source, to: MemoryStore(), workers: 1)
        let sizes = try await source.inner.listAll()
        let expected = sizes.sorted(by: ObjectInfo.sizeOrder).map(\.key)
        #expect(source.readOrder == expected)
    }

    @Test("the number of copies in flight never exceeds the workers, and reaches them", arguments: [1, 3, 16])
    func concurrencyBound(_ workers: Int) async throws {
        var settings = ProbeStore.Settings()
        settings.readDelay = .milliseconds(5)
        settings.holdReadsUntilInFlight = workers
        let source = ProbeStore(seededStore(count: 60), settings)
        let (report, _) = try await transfer(from: source, to: MemoryStore(), workers: workers)
        #expect(report.copied == 60)
        #expect(source.maximumInFlight <= workers)
        #expect(source.maximumInFlight == workers)
    }

    @Test("a source that queues its own requests gets an eighth more objects (at least 2) at a fixed limit",
          arguments: [(1, 3), (16, 18), (40, 45)])
    func preparedAhead(_ workers: Int, _ expected: Int) async throws {
        var settings = ProbeStore.Settings()
        settings.readDelay = .milliseconds(5)
        settings.holdReadsUntilInFlight = expected
        settings.queuesRequests = true
        let source = ProbeStore(seededStore(count: 120), settings)
        let (report, _) = try await transfer(from: source, to: MemoryStore(), workers: workers)
        #expect(report.copied == 120)
        #expect(source.maximumInFlight == expected)
    }

    @Test("a failing object is reported and the run goes on")
    func perObjectFailureContinues() async throws {
        var settings = ProbeStore.Settings()
        settings.readFailures["o3"] = [ObjectStoreError(.accessDenied, "denied by the test")]
        let source = ProbeStore(seededStore(count: 20), settings)
        let destination = MemoryStore()
        let (report, events) = try await transfer(from: source, to: destination)
        #expect(report.copied == 19)
        #expect(report.failures.map(\.object.key) == ["o3"])
        #expect(report.failures.first?.error.code == .accessDenied)
        #expect(report.exitStatus == ExitStatus.failures)
        #expect(destination.contents(of: "o3") == nil)
        #expect(events.compactMap(\.failure).map(\.code) == [.accessDenied])
    }

    @Test("a run where every object fails counts them all and keeps the first 1,000 with their errors")
    func failuresAreBounded() async throws {
        var settings = ProbeStore.Settings()
        for index in 0..<1200 { settings.readFailures[ObjectKey("o\(index)")] = [ObjectStoreError(.accessDenied, "denied by the test")] }
        let source = ProbeStore(seededStore(count: 1200), settings)
        let (report, events) = try await transfer(from: source, to: MemoryStore(), workers: 16)
        #expect(report.failed == 1200)
        #expect(report.failures.count == TransferReport.failureSampleLimit)
        #expect(events.compactMap(\.failure).count == 1200)
        #expect(report.summaryLines()[1].contains("failed 1200"))
        #expect(report.exitStatus == ExitStatus.failures)
    }

    @Test("a store's transient failures are retried by the run's loop, per request, up to the limit; the engine adds none")
    func retries() async throws {
        var settings = ProbeStore.Settings()
        settings.readFailures["o1"] = Array(repeating: ObjectStoreError(.network, "reset"), count: 2)
        settings.readFailures["o2"] = Array(repeating: ObjectStoreError(.throttled, "slow down"), count: 4)
        let retrying = fastRetries(3)
        let source = ProbeStore(seededStore(count: 5), settings, retrying: retrying)
        let destination = MemoryStore()
        let (report, events) = try await transfer(from: source, to: destination, retrying: retrying)
        #expect(destination.contents(of: "o1") == source.inner.listAllContents("o1"))
        #expect(report.failures.map(\.object.key) == ["o2"])
        #expect(report.failures.first?.error.code == .throttled)
        // o1: two failures and a success; o2: the first attempt and exactly 3 retries; 3 others once.
        #expect(source.readCount == 3 + 4 + 3)
        #expect(retrying.throttledFailures == 4)
        #expect(events.compactMap(\.retryAttempt).isEmpty)
    }

    @Test("a request failure the store gave up on is not retried again by the engine")
    func noSecondLoop() async throws {
        var settings = ProbeStore.Settings()
        settings.readFailures["o1"] = Array(repeating: ObjectStoreError(.throttled, "slow down"), count: 50)
        let source = ProbeStore(seededStore(count: 3), settings)
        let (report, _) = try await transfer(from: source, to: MemoryStore(), retrying: fastRetries(5))
        #expect(report.failures.map(\.object.key) == ["o1"])
        #expect(source.readCount == 3)
    }

    @Test("a body whose MD5 does not match is retried up to --retries, then reported, never saved")
    func checksumMismatch() async throws {
        var settings = ProbeStore.Settings()
        settings.forgedMD5["o2"] = MD5Digest(hex: "00000000000000000000000000000000")!
        let source = ProbeStore(seededStore(count: 4), settings)
        let sandbox = TemporaryDirectory("md5")
        let destination = FileStore(root: sandbox.path, logger: quietLogger)
        let (report, events) = try await transfer(from: source, to: destination, policy: .init(verification: .etag), retrying: fastRetries(2))
        #expect(report.failures.map(\.object.key) == ["o2"])
        #expect(report.failures.first?.error.code == .corrupt)
        #expect(events.compactMap(\.retryAttempt) == [2, 3])
        #expect(report.copied == 3)
        #expect(TreeSnapshot(sandbox.path).entries.keys.sorted() == ["o0", "o1", "o3"])
    }

    @Test("without a source MD5, etag verification counts copies as checked by size only, skips as unverified")
    func unverified() async throws {
        var settings = ProbeStore.Settings()
        settings.hideMD5 = true
        let source = ProbeStore(seededStore(count: 3), settings)
        let destination = MemoryStore()
        let (first, _) = try await transfer(from: source, to: destination, policy: .init(verification: .etag))
        #expect(first.copied == 3 && first.copiesByCheck == [.sizeOnly: 3] && first.unverified == 0)
        let (second, _) = try await transfer(from: source, to: destination, policy: .init(verification: .etag))
        #expect(second.skipped == 3 && second.unverified == 3 && second.exitStatus == ExitStatus.success)
    }

    @Test("a fatal error stops the run: nothing new starts and nothing partial remains")
    func fatalErrorStops() async throws {
        var settings = ProbeStore.Settings()
        settings.createFailures["o5"] = ObjectStoreError(.noSpace, "disk full (injected)")
        let sandbox = TemporaryDirectory("fatal")
        let destination = ProbeStore(FileStore(root: sandbox.path, logger: quietLogger), settings)
        let source = seededStore(count: 40)
        let plan = try await TransferPlanner(source: source, destination: destination, policy: .init(), logger: quietLogger).makePlan()
        let engine = TransferEngine(source: source, destination: destination, options: TransferOptions(concurrency: .fixed(1)), logger: quietLogger)
        let report = await engine.run(plan)
        #expect(report.fatal?.code == .noSpace)
        #expect(report.exitStatus == ExitStatus.failures)
        let position = plan.items.firstIndex { $0.source.key == "o5" }!
        #expect(report.copied == position)
        #expect(report.notAttempted == 40 - position - 1)
        let tree = TreeSnapshot(sandbox.path)
        #expect(tree.temporaryFiles.isEmpty)
        #expect(tree.entries.count == position)
    }

    @Test("existing objects that differ are reported and kept, or replaced with overwrite")
    func mismatchAndOverwrite() async throws {
        let source = MemoryStore()
        source.put("same", Array("abc".utf8))
        source.put("differ", Array("abcdef".utf8))
        let destination = MemoryStore()
        destination.put("same", Array("abc".utf8))
        destination.put("differ", Array("abc".utf8))
        let (kept, events) = try await transfer(from: source, to: destination)
        #expect(kept.mismatched == 1 && kept.exitStatus == ExitStatus.mismatches)
        #expect(destination.contents(of: "differ") == Array("abc".utf8))
        let mismatches = events.compactMap { event -> String? in
            if case .mismatch(let object, let reason, let location) = event { return "\(location) \(object.key) \(reason)" }
            return nil
        }
        #expect(mismatches == ["memory:differ differ size mismatch (local 3 bytes, source 6 bytes)"])
        let (replaced, _) = try await transfer(from: source, to: destination, policy: .init(overwrite: true))
        #expect(replaced.copied == 1 && replaced.exitStatus == ExitStatus.success)
        #expect(destination.contents(of: "differ") == Array("abcdef".utf8))
    }

    @Test("cancelling aborts copies in flight: no partial or temporary file remains, and a rerun finishes")
    func cancellation() async throws {
        var settings = ProbeStore.Settings()
        settings.chunkSize = 256
        settings.chunkDelay = .milliseconds(2)
        let memory = seededStore(count: 30)
        let source = ProbeStore(memory, settings)
        let sandbox = TemporaryDirectory("cancel")
        let destination = FileStore(root: sandbox.path, logger: quietLogger)
        let plan = try await TransferPlanner(source: source, destination: destination, policy: .init(), logger: quietLogger).makePlan()
        let engine = TransferEngine(source: source, destination: destination, options: TransferOptions(concurrency: .fixed(4)), logger: quietLogger)
        let run = Task { await engine.run(plan) }
        // Wait until some copies are in flight with bytes written, then interrupt.
        while engine.progress.snapshot().bytesTransferred == 0 { try await Task.sleep(for: .milliseconds(1)) }
        run.cancel()
        let report = await run.value
        #expect(report.interrupted && report.exitStatus == ExitStatus.interrupted)
        #expect(report.copied < 30)
        let tree = TreeSnapshot(sandbox.path)
        #expect(tree.temporaryFiles.isEmpty)
        for (path, entry) in tree.entries { #expect(entry.contents == memory.contents(of: ObjectKey(path))) }
        let (rerun, _) = try await transfer(from: memory, to: destination)
        #expect(rerun.copied == 30 - report.copied)
        #expect(TreeSnapshot(sandbox.path).entries.count == 30)
    }
}

extension ObjectStore {
    func listAllContents(_ key: ObjectKey) -> [UInt8]? {
        (self as? MemoryStore)?.contents(of: key)
    }
}
