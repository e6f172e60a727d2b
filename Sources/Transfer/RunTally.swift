import ObjectStore

/// The bookkeeping of one run: settles each object into the report, the progress counters and the
/// observer, and stops the run on the first fatal error.
struct RunTally {
    let engine: TransferEngine
    /// The progress totals count every listed object's bytes (a streaming run), so objects that
    /// are not copied come off them; a plan's totals count only the bytes it copies.
    let totalsCountListedBytes: Bool
    private(set) var report = TransferReport()
    /// A fatal error stopped the run: nothing new starts.
    private(set) var stopped = false

    init(engine: TransferEngine, totalsCountListedBytes: Bool) {
        self.engine = engine
        self.totalsCountListedBytes = totalsCountListedBytes
    }

    /// Records an object whose work is over: `result` is what its copy did, `nil` when the decision
    /// was not to copy (skip, report a mismatch) or none could be made.
    mutating func settle(_ item: TransferPlan.Item, result: TransferEngine.CopyResult? = nil,
                         group: inout TaskGroup<TransferEngine.Completion>) {
        let progress = engine.progress
        let observer = engine.observer
        if let result {
            progress.objectDone()
            switch result {
            case .copied(let check):
                report.copied += 1
                report.copiedBytes += item.source.size
                if engine.countsChecks { report.copiesByCheck[check, default: 0] += 1 }
                observer(.copied(item.source, check: check))
            case .vanished:
                report.vanished += 1
                observer(.vanished(item.source))
            case .failed(let error) where report.fatal?.code == error.code:
                // Copies in flight when the run stopped hit the same wall; the stop says it once.
                report.notAttempted += 1
            case .failed(let error):
                fail(item.source, error, group: &group)
            case .cancelled:
                report.notAttempted += 1
            }
            return
        }
        progress.objectDone()
        if totalsCountListedBytes { progress.notCopying(item.source.size) }
        switch item.outcome {
        case .failed(let error):
            fail(item.source, error, group: &group)
        case .decided(let decision):
            switch decision.action {
            case .skip:
                report.skipped += 1
                report.skippedBytes += item.source.size
                if decision.reason == .unverified { report.unverified += 1 }
                observer(.skipped(item.source, decision.reason))
            case .reportMismatch:
                report.mismatched += 1
                observer(.mismatch(item.source, decision.reason, location: engine.destination.location(of: item.source.key)))
            case .copy:
                // A copy decision always comes with a result; count it as not attempted if not.
                report.notAttempted += 1
            }
        }
    }

    /// Stops the run because of `error`: nothing new starts, copies in flight are aborted.
    mutating func stop(_ error: ObjectStoreError, group: inout TaskGroup<TransferEngine.Completion>) {
        guard report.fatal == nil else { return }
        report.fatal = error
        stopped = true
        group.cancelAll()
    }

    private mutating func fail(_ object: ObjectInfo, _ error: ObjectStoreError, group: inout TaskGroup<TransferEngine.Completion>) {
        report.failed += 1
        if report.failures.count < TransferReport.failureSampleLimit { report.failures.append(.init(object: object, error: error)) }
        engine.observer(.failed(object, error))
        if error.code.isFatal { stop(error, group: &group) }
    }
}
