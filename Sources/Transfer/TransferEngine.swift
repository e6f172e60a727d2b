import Logging
import ObjectStore
import Synchronization

/// Carries out a ``TransferPlan``: copies in plan order with a bounded number of copies in flight,
/// retries what is worth retrying, reports everything, and never leaves a partial object behind.
///
/// Per-object failures are collected and the run goes on; a failure whose code is fatal (no space,
/// read-only destination) stops the run: nothing new starts and copies in flight are aborted.
/// Cancelling the task that runs ``run(_:)`` (Ctrl-C) does the same and marks the report interrupted.
public struct TransferEngine: Sendable {
    public var source: any ObjectStore
    public var destination: any ObjectStore
    public var options: TransferOptions
    public var logger: Logger
    /// Live counters, for a progress display.
    public let progress: TransferProgress
    private let observer: TransferObserver

    public init(source: any ObjectStore, destination: any ObjectStore, options: TransferOptions,
                logger: Logger, progress: TransferProgress = TransferProgress(),
                observer: @escaping TransferObserver = { _ in }) {
        self.source = source
        self.destination = destination
        self.options = options
        self.logger = logger
        self.progress = progress
        self.observer = observer
    }

    /// The end of one copy.
    enum CopyResult: Sendable {
        case copied(verified: Bool)
        case failed(ObjectStoreError)
        case cancelled
    }

    /// Runs the plan to the end (or until cancelled or stopped by a fatal error).
    public func run(_ plan: TransferPlan) async -> TransferReport {
        let clock = ContinuousClock()
        let start = clock.now
        let tally = plan.tally
        progress.setTotals(objects: plan.items.count, bytes: tally.bytesToCopy)
        var report = TransferReport()
        var stopped = false

        await withTaskGroup(of: (TransferPlan.Item, CopyResult).self) { group in
            var running = 0
            func record(_ item: TransferPlan.Item, _ result: CopyResult) {
                progress.objectDone()
                switch result {
                case .copied(let verified):
                    report.copied += 1
                    report.copiedBytes += item.source.size
                    if options.policy.verification == .etag, !verified { report.unverified += 1 }
                    observer(.copied(item.source, verified: verified))
                case .failed(let error) where report.fatal?.code == error.code:
                    // Copies in flight when the run stopped hit the same wall; the stop says it once.
                    report.notAttempted += 1
                case .failed(let error):
                    report.failures.append(.init(object: item.source, error: error))
                    observer(.failed(item.source, error))
                    if error.code.isFatal, report.fatal == nil {
                        report.fatal = error
                        stopped = true
                        group.cancelAll()
                    }
                case .cancelled:
                    report.notAttempted += 1
                }
            }

            for item in plan.items {
                if stopped || Task.isCancelled {
                    report.notAttempted += 1
                    continue
                }
                switch item.outcome {
                case .failed(let error):
                    record(item, .failed(error))
                case .decided(let decision):
                    switch decision.action {
                    case .skip:
                        progress.objectDone()
                        report.skipped += 1
                        report.skippedBytes += item.source.size
                        if decision.reason == .unverified { report.unverified += 1 }
                        observer(.skipped(item.source, decision.reason))
                    case .reportMismatch, .compareChecksums:
                        progress.objectDone()
                        report.mismatched += 1
                        observer(.mismatch(item.source, decision.reason, location: destination.location(of: item.source.key)))
                    case .copy:
                        if running >= options.workers, let (done, result) = await group.next() {
                            running -= 1
                            record(done, result)
                            if stopped || Task.isCancelled {
                                report.notAttempted += 1
                                continue
                            }
                        }
                        running += 1
                        let replace = decision.reason != .missing
                        group.addTask { (item, await copyWithRetries(item.source, replaceExisting: replace)) }
                    }
                }
            }
            while let (done, result) = await group.next() {
                record(done, result)
            }
        }
        report.interrupted = Task.isCancelled && report.fatal == nil
        report.duration = clock.now - start
        return report
    }

    /// Copies one object, retrying retryable failures with backoff.
    func copyWithRetries(_ object: ObjectInfo, replaceExisting: Bool) async -> CopyResult {
        observer(.started(object))
        progress.copyStarted()
        defer { progress.copyEnded() }
        var attempt = 1
        var object = object
        while true {
            let result = await copyOnce(object, replaceExisting: replaceExisting)
            guard case .failed(let error) = result, error.code.isRetryable else { return result }
            let allowed = error.code == .corrupt ? min(options.retries, 1) : options.retries
            guard attempt <= allowed else { return result }
            attempt += 1
            if error.code == .sourceChanged {
                // Start again from scratch with what the source holds now.
                guard let fresh = try? await source.stat(object.key) else { return result }
                object = fresh
            }
            let delay = options.backoff(beforeAttempt: attempt)
            observer(.retrying(object, error, attempt: attempt, delay: delay))
            logger.debug("retrying", metadata: ["key": "\(object.key.displayName)", "error": "\(error)", "attempt": "\(attempt)"])
            do {
                try await Task.sleep(for: delay)
            } catch {
                return .cancelled
            }
        }
    }

    /// One attempt: create the pending object, stream the source into it (checking the MD5 when
    /// verifying), commit; abort on any failure.
    func copyOnce(_ object: ObjectInfo, replaceExisting: Bool) async -> CopyResult {
        if Task.isCancelled { return .cancelled }
        var expected: ContentChecksum?
        var pending: (any PendingObject)?
        do {
            if options.policy.verification == .etag, !object.key.isDirectoryMarker {
                expected = try await source.checksum(of: object)
            }
            let target = try await destination.create(object, options: CreateOptions(replaceExisting: replaceExisting))
            pending = target
            let counter = CountingSink(target, progress: progress)
            let parts = options.parts(of: object, rangedReads: source.capabilities.rangedReads)
            if expected == nil, parts.count > 1 {
                try await readInParallel(object, parts: parts, into: counter)
            } else if let expected {
                let hashing = ChecksumSink(shapedLike: expected, forwardingTo: counter)
                try await source.read(object, range: nil, into: hashing)
                let actual = hashing.finalize()
                guard actual == expected else {
                    throw ObjectStoreError(
                        .corrupt, "\(expected.kind) of the received bytes is \(actual), the source says \(expected); not saved",
                        key: object.key)
                }
            } else {
                try await source.read(object, range: nil, into: counter)
            }
            guard counter.count == object.size else {
                throw ObjectStoreError(.corrupt, "received \(counter.count) bytes, expected \(object.size); not saved", key: object.key)
            }
            try Task.checkCancellation()
            try await target.commit()
            pending = nil
            return .copied(verified: expected != nil)
        } catch {
            if let pending { await pending.abort() }
            if error is CancellationError { return .cancelled }
            guard var failure = error as? ObjectStoreError else {
                return .failed(ObjectStoreError(.io, "\(error)", key: object.key))
            }
            if failure.code == .cancelled { return .cancelled }
            if failure.key == nil { failure.key = object.key }
            return .failed(failure)
        }
    }

    /// Reads `parts` of a large object at once (at most ``TransferOptions/partsInFlight``), each
    /// written at its own offset of the same pending object.
    func readInParallel(_ object: ObjectInfo, parts: [Range<Int64>], into sink: CountingSink) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            func startNext() {
                let part = parts[next]
                next += 1
                group.addTask { try await source.read(object, range: part, into: sink) }
            }
            while next < min(options.partsInFlight, parts.count) { startNext() }
            while try await group.next() != nil {
                if next < parts.count { startNext() }
            }
        }
    }
}
