import Logging
import ObjectStore
import Synchronization

/// Carries out a transfer: copies with a bounded number of requests in flight, copies an object
/// again when its source changed or its bytes came out wrong, sends fewer requests at once while
/// the source throttles, reports everything, and never leaves a partial object behind.
///
/// Two ways in: ``run(_:)`` carries out a finished ``TransferPlan`` in its order (made by
/// ``makePlan(from:)``, for `--dry-run`); ``run(listing:)`` starts copying while the listing is
/// still arriving. Both decide with the one ``TransferOptions/policy``, through the engine's own
/// ``planner``. Per-object failures
/// are collected and the run goes on; a failure whose code is fatal (no space, read-only
/// destination, a listing that fails half way) stops the run: nothing new starts and copies in
/// flight are aborted. Cancelling the task that runs it (Ctrl-C) does the same and marks the report
/// interrupted.
public struct TransferEngine: Sendable {
    public var source: any ObjectStore
    public var destination: any ObjectStore
    public var options: TransferOptions
    public var logger: Logger
    /// The run's one retry loop, shared with the stores (which retry their requests with it): it
    /// retries whole objects here, and its count of throttled failures lowers the request limit.
    public let retrying: RetryLoop
    /// Live counters, for a progress display.
    public let progress: TransferProgress
    /// Where ``run(listing:)``'s copy queue spills past ``TransferOptions/queueBudget``; `nil`:
    /// it stays in memory, however large.
    public let scratch: (any ScratchSpace)?
    let observer: TransferObserver
    /// How many ranges of large objects are read at once, and how large they are cut, from what
    /// the engine's runs measured.
    let rangeBudget: RangeBudget

    /// - Parameters:
    ///   - retrying: the loop the stores were opened with, so that the run has one retry policy and
    ///     budget; `nil` makes one with the default policy.
    ///   - scratch: where the copy queue spills (see ``SpillingSizeQueue``).
    public init(source: any ObjectStore, destination: any ObjectStore, options: TransferOptions,
                retrying: RetryLoop? = nil, scratch: (any ScratchSpace)? = nil, logger: Logger,
                progress: TransferProgress = TransferProgress(), observer: @escaping TransferObserver = { _ in }) {
        self.source = source
        self.scratch = scratch
        self.destination = destination
        self.options = options
        self.retrying = retrying ?? RetryLoop(logger: logger)
        self.logger = logger
        self.progress = progress
        self.observer = observer
        self.rangeBudget = RangeBudget(firstWidth: options.rangesInFlightAtFirst, ceiling: options.concurrency.maximum, logger: logger)
    }

    /// How `object` is read when `freeSlots` are free (``TransferOptions/layout(of:rangedReads:freeSlots:rangeSize:)``,
    /// with the range size the run measured).
    func layout(of object: ObjectInfo, freeSlots: Int) -> ReadLayout {
        options.layout(of: object, rangedReads: source.capabilities.rangedReads, freeSlots: freeSlots,
                       rangeSize: rangeBudget.preferredRangeSize)
    }

    /// The end of one copy.
    enum CopyResult: Sendable {
        /// Copied and committed, its bytes checked as `check` says.
        case copied(IntegrityCheck)
        /// The source no longer holds the object (deleted since it was listed): not a failure.
        case vanished
        case failed(ObjectStoreError)
        case cancelled
    }

    /// One object's work done: its item (decided), what the copy did (`nil`: nothing to copy), the
    /// slots it held, and how long its first byte took (for the adaptive limit).
    struct Finished: Sendable {
        var item: TransferPlan.Item
        var result: CopyResult?
        var slots: Int
        var firstByte: Duration?
    }

    /// What a child task of a run delivers.
    enum Completion: Sendable {
        case page(Result<ListingPage?, ObjectStoreError>)
        case finished(Finished)
    }

    /// Runs the plan to the end (or until cancelled or stopped by a fatal error), starting copies in
    /// the plan's order.
    public func run(_ plan: TransferPlan) async -> TransferReport {
        progress.setTotals(objects: plan.items.count, bytes: plan.tally.bytesToCopy)
        progress.listingFinished()
        return await schedule(planned: plan.items, listing: nil, planner: nil)
    }

    /// Reads the rest of `listing` while copying: each page's objects join a queue that hands out
    /// the smallest first, and ``planner`` decides each object as it starts. Open the listing with
    /// this engine's ``progress`` for a display's totals to grow with it.
    ///
    /// Order: while pages are still arriving, each free slot takes the smallest object listed so
    /// far; once the listing is complete, the rest start in size order (size, then key). A listing
    /// that arrives in key order (S3) holds back only the keys a later key could still turn into a
    /// folder (see ``FolderClashFilter``).
    public func run(listing: SourceListing) async -> TransferReport {
        await schedule(planned: [], listing: listing, planner: planner)
    }

    /// The planner this engine decides with: its stores, ``TransferOptions/policy``, and
    /// ``ConcurrencyLimit/planningWidth`` decisions at once for a whole plan.
    public var planner: TransferPlanner {
        TransferPlanner(source: source, destination: destination, policy: options.policy,
                        concurrency: options.concurrency.planningWidth, scratch: scratch, queueBudget: options.queueBudget,
                        residentLimit: options.residentLimit, logger: logger)
    }

    /// Reads the rest of `listing` and decides every object without writing anything: the plan
    /// that `--dry-run` shows and ``run(_:)`` carries out.
    ///
    /// - Throws: what the listing fails with, and `cancelled`; per-object trouble becomes a
    ///   `.failed` item (see ``TransferPlanner/makePlan(from:)``).
    public func makePlan(from listing: SourceListing) async throws -> TransferPlan {
        try await planner.makePlan(from: listing)
    }

    /// The scheduler of both ways in: starts planned items in order, then queued listed objects
    /// smallest first, while the limit allows; takes pages and finished copies as they come.
    private func schedule(planned: [TransferPlan.Item], listing: SourceListing?, planner: TransferPlanner?) async -> TransferReport {
        let clock = ContinuousClock()
        let start = clock.now
        var tally = RunTally(engine: self, totalsCountListedBytes: listing != nil)
        var limit = options.concurrency
        var queue = SpillingSizeQueue(budget: options.queueBudget, scratch: scratch,
                                      resident: options.residentLimit.map { ResidentMemoryLimit(limit: $0) })
        /// Listed objects the queue could not take (its scratch space failed).
        var refused = 0
        var clashes = FolderClashFilter(isActive: planner?.checksForFolderClashes ?? false)
        var nextPlanned = 0
        // The listing's own requests count against the limit until it ends (at least one slot
        // stays for copies).
        var listingSlots = listing.map { $0.isComplete ? 0 : min($0.requestsInFlight, limit.current - 1) } ?? 0
        var slotsInUse = listingSlots
        func listingEnded() {
            slotsInUse -= listingSlots
            listingSlots = 0
        }
        var highestLimit = limit.current
        var throttledSeen = retrying.throttledFailures

        await withTaskGroup(of: Completion.self) { group in
            func readNextPage() {
                guard let listing, !tally.stopped, !Task.isCancelled else { return }
                group.addTask { .page(await Self.nextPage(of: listing)) }
            }
            func admit(_ release: FolderClashFilter.Release) {
                for (index, object) in release.ready.enumerated() {
                    do throws(ObjectStoreError) {
                        try queue.insert(object)
                    } catch {
                        refused += release.ready.count - index
                        return tally.stop(error, group: &group)
                    }
                }
                for object in release.clashing {
                    let error = FolderClashFilter.clashError(object)
                    tally.settle(TransferPlan.Item(source: object, outcome: .failed(error)), group: &group)
                }
            }

            readNextPage()
            while true {
                while !tally.stopped, !Task.isCancelled {
                    if nextPlanned < planned.count {
                        let item = planned[nextPlanned]
                        guard case .decided(let decision) = item.outcome, decision.action == .copy else {
                            nextPlanned += 1
                            tally.settle(item, group: &group)
                            continue
                        }
                        let layout = layout(of: item.source, freeSlots: limit.current - slotsInUse)
                        guard startsNow(item.source, layout, slotsInUse: slotsInUse, limit: limit) else { limit.noteBinding(); break }
                        nextPlanned += 1
                        slotsInUse += layout.inFlight
                        group.addTask { .finished(await copy(item, decision: decision, layout: layout)) }
                    } else if let planner, let object = queue.first {
                        let layout = layout(of: object, freeSlots: limit.current - slotsInUse)
                        guard startsNow(object, layout, slotsInUse: slotsInUse, limit: limit) else { limit.noteBinding(); break }
                        do throws(ObjectStoreError) {
                            _ = try queue.popFirst()
                        } catch {
                            tally.stop(error, group: &group)
                            break
                        }
                        slotsInUse += layout.inFlight
                        group.addTask { .finished(await decideAndCopy(object, planner: planner, layout: layout)) }
                    } else {
                        break
                    }
                }
                guard let completion = await group.next() else { break }
                switch completion {
                case .page(.success(let page?)):
                    admit(clashes.admit(page))
                    readNextPage()
                case .page(.success(nil)):
                    listingEnded()
                    admit(clashes.finish())
                case .page(.failure(let error)):
                    listingEnded()
                    guard error.code != .cancelled, !Task.isCancelled else { break }
                    let failure = ObjectStoreError(error.code, "listing the source failed: \(error.message)", cause: error.cause)
                    tally.stop(failure, group: &group)
                case .finished(let finished):
                    slotsInUse -= finished.slots
                    let throttled = retrying.throttledFailures
                    if throttled > throttledSeen {
                        throttledSeen = throttled
                        limit.noteThrottled()
                    }
                    limit.noteFinished(firstByteAfter: finished.firstByte)
                    highestLimit = max(highestLimit, limit.current)
                    tally.settle(finished.item, result: finished.result, group: &group)
                }
            }
        }
        var report = tally.report
        report.notAttempted += (planned.count - nextPlanned) + queue.count + queue.dropped + refused + clashes.heldCount
        queue.logSpills(to: logger)
        report.interrupted = Task.isCancelled && report.fatal == nil
        if options.flushesCopies && report.copied > 0 && !Task.isCancelled {
            await flushCopies(into: &report)
        }
        report.duration = clock.now - start
        report.highestConcurrency = highestLimit
        report.rangesInFlight = rangeBudget.rangesInFlight
        return report
    }

    /// Puts the run's copies on stable storage; a failure stops the run as a fatal error (its copies
    /// are in place, but a power loss could still take them).
    func flushCopies(into report: inout TransferReport) async {
        let began = ContinuousClock.now
        do {
            try await destination.flushToStableStorage()
            logger.info("copies flushed to stable storage", metadata: ["seconds": "\(ContinuousClock.now - began)"])
        } catch {
            let failure = error as? ObjectStoreError ?? ObjectStoreError(.io, "\(error)")
            report.fatal = report.fatal ?? ObjectStoreError(
                failure.code, "the copies are in place but could not be put on stable storage: \(failure.message)", cause: failure.cause)
        }
    }

    /// Whether `object`, read as `layout`, starts now.
    ///
    /// - A one-request object starts while the slots in use are below ``admitted(_:_:)``.
    /// - An object read as ranges waits until as many slots are free as it can use (the ranges in
    ///   flight its size calls for, see ``TransferOptions/bytesPerRangeInFlight``, at most the
    ///   limit), or until nothing else is in flight. Its layout is fixed when it starts, so one
    ///   started on the single slot a finished small object left would be read one range at a
    ///   time to the end, and the run's tail would wait for it. Objects behind it in size order are no smaller, so
    ///   holding it back holds back only other large objects (or a later listing page's objects,
    ///   for the few milliseconds it takes the small ones in flight to finish).
    private func startsNow(_ object: ObjectInfo, _ layout: ReadLayout, slotsInUse: Int, limit: ConcurrencyLimit) -> Bool {
        guard slotsInUse < admitted(layout, limit) else { return false }
        guard layout.parts.count > 1, slotsInUse > 0 else { return true }
        return layout.inFlight >= options.rangesInFlight(of: object, freeSlots: limit.current, rangeSize: rangeBudget.preferredRangeSize)
    }

    /// Below how many slots in use an object read as `layout` may start: the request limit, plus
    /// an eighth of it (at least 2) for a one-request object when the limit is fixed and the source
    /// queues requests past its own connection limit (``StoreCapabilities/queuesRequests``). Those
    /// objects are decided, created and their requests queued while the limit's requests are in
    /// flight, so each finished request is followed at once by the next, from the source's own
    /// queue, instead of after a round of scheduling, a destination check and a file creation.
    ///
    /// An object read as ranges never starts early (see ``startsNow(_:_:slotsInUse:limit:)``).
    private func admitted(_ layout: ReadLayout, _ limit: ConcurrencyLimit) -> Int {
        guard layout.parts.count == 1, !limit.isAdaptive, source.capabilities.queuesRequests else { return limit.current }
        return limit.current + max(2, limit.current / 8)
    }

    /// Reads one page, as a value (a child task of the run's group cannot throw).
    private static func nextPage(of listing: SourceListing) async -> Result<ListingPage?, ObjectStoreError> {
        do {
            return .success(try await listing.nextPage())
        } catch let error as ObjectStoreError {
            return .failure(error)
        } catch {
            return .failure(ObjectStoreError(.cancelled, "listing cancelled"))
        }
    }

    /// Copies an object the plan decided to copy.
    private func copy(_ item: TransferPlan.Item, decision: Decision, layout: ReadLayout) async -> Finished {
        let (result, firstByte) = await copyWithRetries(item.source, replaceExisting: decision.reason != .missing, layout: layout)
        return Finished(item: item, result: result, slots: layout.inFlight, firstByte: firstByte)
    }

    /// Decides about a listed object and copies it when that is the decision.
    private func decideAndCopy(_ object: ObjectInfo, planner: TransferPlanner, layout: ReadLayout) async -> Finished {
        let item: TransferPlan.Item
        do {
            item = try await planner.decide(object)
        } catch {
            return Finished(item: TransferPlan.Item(source: object, outcome: .decided(Decision(.copy, .missing))),
                            result: .cancelled, slots: layout.inFlight)
        }
        guard case .decided(let decision) = item.outcome, decision.action == .copy else {
            return Finished(item: item, result: nil, slots: layout.inFlight)
        }
        return await copy(item, decision: decision, layout: layout)
    }
}
