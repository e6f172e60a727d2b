import FileBackend
import Logging
import ObjectStore
import Synchronization
import TestSupport
import Transfer

let quietLogger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

/// Plans and runs a transfer, returning the report and every event.
func transfer(
    from source: any ObjectStore, to destination: any ObjectStore,
    policy: ComparisonPolicy = ComparisonPolicy(), workers: Int = 8, retries: Int = 5, prefix: String = ""
) async throws -> (TransferReport, [TransferEvent]) {
    let plan = try await TransferPlanner(source: source, destination: destination, policy: policy, prefix: prefix, logger: quietLogger).makePlan()
    let events = EventLog()
    let engine = TransferEngine(
        source: source, destination: destination,
        options: TransferOptions(workers: workers, retries: retries, policy: policy, initialBackoff: .milliseconds(1)),
        logger: quietLogger, observer: events.record)
    return (await engine.run(plan), events.all)
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
