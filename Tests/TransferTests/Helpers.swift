import FileBackend
import Logging
import MemoryBackend
import ObjectStore
import Synchronization
import TestSupport
import Transfer

let quietLogger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

/// Runs a transfer the way the command does (copying while the listing streams in), or from a
/// finished plan, returning the report and every event.
func transfer(
    from source: any ObjectStore, to destination: any ObjectStore,
    policy: ComparisonPolicy = ComparisonPolicy(), workers: Int = 8, retrying: RetryLoop = fastRetries(), prefix: String = "",
    streaming: Bool = true
) async throws -> (TransferReport, [TransferEvent]) {
    let listing = try await SourceListing.open(source, prefix: prefix)
    let events = EventLog()
    let engine = TransferEngine(
        source: source, destination: destination,
        options: TransferOptions(concurrency: .fixed(workers), policy: policy), retrying: retrying,
        logger: quietLogger, observer: events.record)
    if streaming {
        return (await engine.run(listing: listing), events.all)
    }
    return (await engine.run(try await engine.makePlan(from: listing)), events.all)
}

/// A retry loop whose pauses are a millisecond at most, with `retries` retries and a full budget.
func fastRetries(_ retries: Int = 5, budget: RetryBudget = RetryBudget()) -> RetryLoop {
    RetryLoop(policy: RetryPolicy(retries: retries, baseDelay: .milliseconds(1), throttledBaseDelay: .milliseconds(1),
                                  maximumDelay: .milliseconds(1)),
              budget: budget, logger: quietLogger)
}

/// Thread-safe event recorder.
final class EventLog: Sendable {
    private let events = Mutex<[TransferEvent]>([])
    var record: TransferObserver { { [self] event in events.withLock { $0.append(event) } } }
    var all: [TransferEvent] { events.withLock { $0 } }
}

extension TransferEvent {
    var retryAttempt: Int? {
        if case .retrying(_, _, let attempt, _) = self { return attempt }
        return nil
    }
    var failure: ObjectStoreError? {
        if case .failed(_, let error) = self { return error }
        return nil
    }
}

/// A memory store filled with `count` objects of distinct sizes, keys `o<index>`.
func seededStore(count: Int, seed: UInt64 = 1) -> MemoryStore {
    let store = MemoryStore()
    var random = SeededBytes(seed: seed)
    for index in 0..<count {
        store.put(ObjectKey("o\(index)"), random.bytes(Int(random.next() % 5000)))
    }
    return store
}
