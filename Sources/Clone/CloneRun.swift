import FoundationEssentials
import Logging
import ObjectStore
import Reporting
import Transfer

/// One clone from start to end, as the `s3clone` command runs it: open the two stores, list,
/// then print the plan (`--dry-run`) or copy while the listing arrives, and print the summary.
/// Everything it says goes to its ``CloneOutput``; its result is the process exit status.
///
/// Cancel the task that calls ``run()`` to interrupt (the CLI does on SIGINT and SIGTERM): copies
/// in flight are aborted, nothing partial is kept, and the status is 130.
public struct CloneRun: Sendable {
    public var request: CloneRequest
    /// The process environment (credentials, region, endpoint, CA bundle); never read elsewhere.
    public var environment: [String: String]
    public var output: any CloneOutput
    public var hints: FlagHints
    public var logger: Logger

    public init(request: CloneRequest, environment: [String: String], output: any CloneOutput,
                hints: FlagHints = FlagHints(), logger: Logger) {
        self.request = request
        self.environment = environment
        self.output = output
        self.hints = hints
        self.logger = logger
    }

    /// Runs the clone and returns its exit status (see ``ExitStatus``).
    public func run() async -> Int32 {
        let retrying = RetryLoop(policy: RetryPolicy(retries: request.retries), logger: logger)
        let concurrency = ConcurrencyLimit(workers: request.workers)
        var s3 = request.s3
        s3.connections = concurrency.connections

        let stores: Stores
        let selection: String
        do {
            stores = try await Stores.open(
                source: request.source, destination: request.destination, inventory: request.inventory, s3: s3,
                environment: environment, retrying: retrying, logger: logger)
            selection = try StoreURL.folderPrefix(request.prefix ?? "")
            try stores.checkDistinct()
        } catch let error as ObjectStoreError where error.code == .cancelled {
            return ExitStatus.interrupted
        } catch is CancellationError {
            return ExitStatus.interrupted
        } catch let error as ObjectStoreError {
            output.error(hints.describe(error) + Stores.localDirectoryHint(for: request.source))
            return ExitStatus.forListingFailure(error)
        } catch {
            output.error("\(error)")
            return ExitStatus.usage
        }

        let options = TransferOptions(concurrency: concurrency, policy: request.policy, partSize: request.partSize,
                                      memoryBudget: request.memoryBudget,
                                      residentLimit: ResidentMemoryLimit.limit(forBudget: request.memoryBudget),
                                      checksCopies: request.checksCopies, flushesCopies: request.flushesCopies)
        let progress = TransferProgress()
        let engine = TransferEngine(
            source: stores.source, destination: stores.destination, options: options, retrying: retrying,
            scratch: request.dryRun ? Stores.temporaryScratchSpace(environment: environment) : stores.scratchSpace, logger: logger, progress: progress, observer: eventPrinter)
        let clock = ContinuousClock()
        let planningStart = clock.now
        let listing: SourceListing
        switch await listingStep(stores, { try await SourceListing.open(stores.source, prefix: selection, lanes: request.listers, shard: request.shard, progress: progress) }) {
        case .success(let opened): listing = opened
        case .failure(let status): return status.code
        }

        if request.dryRun {
            let planner = engine.planner
            let output = output
            let plan = { @Sendable in
                try await planner.plan(from: listing) { item in
                    output.output(item.dryRunLine(location: stores.destination.location(of: item.source.key)))
                }
            }
            switch await listingStep(stores, plan) {
            case .success(let tally):
                output.note(tally.dryRunSummary(shard: request.shard))
                return tally.predictedExitStatus
            case .failure(let status): return status.code
            }
        }

        do {
            try stores.destination.prepareForWriting()
        } catch let error as ObjectStoreError {
            output.error("destination: \(hints.describe(error))")
            return ExitStatus.usage
        } catch {
            output.error("destination: \(error)")
            return ExitStatus.usage
        }

        let display = startProgress(progress)
        let planningDuration = clock.now - planningStart
        var report = await engine.run(listing: listing)
        report.planningDuration = planningDuration
        logger.info("finished", metadata: [
            "highest requests in flight": "\(report.highestConcurrency)", "ranges in flight at the end": "\(report.rangesInFlight)",
        ])
        display?.cancel()
        output.clearProgress()
        var lines = report.summaryLines(shard: request.shard, replaceAdvice: hints.replaceDiffering, describe: hints.describe)
        // What stopped the run is an error, shown even when the summary is not (`--quiet`).
        let stop = report.fatal != nil ? lines.popLast() : nil
        for line in lines { output.note(line) }
        if let stop { output.error(stop) }
        return report.exitStatus
    }

    /// An exit status as an error, for a step that ends the run early.
    struct EarlyExit: Error {
        var code: Int32
    }

    /// Runs a step that reads the source listing; a failure prints one line and becomes the exit
    /// status it calls for (130 when interrupted).
    private func listingStep<Value: Sendable>(
        _ stores: Stores, _ body: @Sendable () async throws -> Value
    ) async -> Result<Value, EarlyExit> {
        do {
            return .success(try await body())
        } catch let error as ObjectStoreError where error.code == .cancelled {
            return .failure(EarlyExit(code: ExitStatus.interrupted))
        } catch is CancellationError {
            return .failure(EarlyExit(code: ExitStatus.interrupted))
        } catch let error as ObjectStoreError {
            output.error("cannot list \(stores.sourceURL.description.escapedForDisplay): \(hints.describe(error))"
                + Stores.localDirectoryHint(for: request.source))
            return .failure(EarlyExit(code: ExitStatus.forListingFailure(error)))
        } catch {
            output.error("cannot list \(stores.sourceURL.description.escapedForDisplay): \(error)")
            return .failure(EarlyExit(code: ExitStatus.failures))
        }
    }
}
