import ObjectStore
import Synchronization

/// Wraps a store to watch and disturb it: counts reads in flight, records their order, delays
/// them, feeds them in slow chunks, injects failures, and hides or forges MD5s.
public final class ProbeStore: ObjectStore {
    public let inner: any ObjectStore

    public struct Settings: Sendable {
        /// A pause before each read starts.
        public var readDelay: Duration = .zero
        /// When set, reads wait (after `readDelay`) until this many are in flight at once, or
        /// `holdLimit` has passed; once the number has been reached, no read waits again. A test
        /// that a limit is reached then does not depend on how fast the machine is.
        public var holdReadsUntilInFlight: Int?
        public var holdLimit: Duration = .seconds(10)
        /// When set, reads are pushed in chunks of this size with `chunkDelay` between them.
        public var chunkSize: Int?
        public var chunkDelay: Duration = .zero
        /// Errors thrown by successive reads of a key (then reads succeed).
        public var readFailures: [ObjectKey: [ObjectStoreError]] = [:]
        /// An error every create of a key throws.
        public var createFailures: [ObjectKey: ObjectStoreError] = [:]
        /// Listed objects carry no MD5 and `md5(of:)` answers nil.
        public var hideMD5 = false
        /// MD5s to claim for keys (wrong ones, to test verification).
        public var forgedMD5: [ObjectKey: MD5Digest] = [:]
        /// Claim ``StoreCapabilities/queuesRequests`` (a store that queues requests past its own
        /// connection limit), whatever the inner store says.
        public var queuesRequests = false
        /// An error ``flushToStableStorage()`` throws (instead of flushing the inner store).
        public var flushFailure: ObjectStoreError?
        public init() {}
    }

    private struct State {
        var settings: Settings
        var inFlight = 0
        var maximumInFlight = 0
        var inFlightByKey: [ObjectKey: Int] = [:]
        var maximumInFlightByKey: [ObjectKey: Int] = [:]
        var readOrder: [ObjectKey] = []
        var reads = 0
        var holdReleased = false
        var flushes = 0
    }

    private let state: Mutex<State>
    /// The run's retry loop, which a real backend retries its requests with; `nil`: reads are
    /// tried once.
    private let retrying: RetryLoop?

    public init(_ inner: any ObjectStore, _ settings: Settings = Settings(), retrying: RetryLoop? = nil) {
        self.inner = inner
        self.state = Mutex(State(settings: settings))
        self.retrying = retrying
    }

    /// The most reads that were ever in flight at once.
    public var maximumInFlight: Int { state.withLock { $0.maximumInFlight } }
    /// The most reads of `key` (ranges of it) that were ever in flight at once.
    public func maximumInFlight(of key: ObjectKey) -> Int { state.withLock { $0.maximumInFlightByKey[key] ?? 0 } }
    /// Keys in the order their reads started.
    public var readOrder: [ObjectKey] { state.withLock { $0.readOrder } }
    /// Reads started, failed ones included.
    public var readCount: Int { state.withLock { $0.reads } }
    /// Calls of ``flushToStableStorage()`` so far.
    public var flushCount: Int { state.withLock { $0.flushes } }

    public var capabilities: StoreCapabilities {
        var capabilities = inner.capabilities
        let settings = state.withLock { $0.settings }
        if settings.hideMD5 { capabilities.computesMD5ByReading = false }
        if settings.queuesRequests { capabilities.queuesRequests = true }
        return capabilities
    }

    public func list(prefix: String) -> ObjectListing {
        let settings = state.withLock { $0.settings }
        let (stream, continuation) = ObjectListing.makeStream()
        let inner = self.inner
        Task {
            do {
                for try await page in inner.list(prefix: prefix) {
                    continuation.yield(page.map { object in
                        var object = object
                        if settings.hideMD5 { object.md5 = nil; object.etag = nil }
                        if let forged = settings.forgedMD5[object.key] { object.md5 = forged }
                        return object
                    })
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        return stream
    }

    public func stat(_ key: ObjectKey) async throws -> ObjectInfo? {
        try await inner.stat(key)
    }

    public func read(_ object: ObjectInfo, range: Range<Int64>?, into sink: any ByteSink) async throws {
        guard let retrying else { return try await readOnce(object, range: range, into: sink) }
        try await retrying.run(.request) { _ in try await readOnce(object, range: range, into: sink) }
    }

    /// One read attempt, with the settings' delays and injected failures.
    private func readOnce(_ object: ObjectInfo, range: Range<Int64>?, into sink: any ByteSink) async throws {
        let (settings, failure) = state.withLock { state -> (Settings, ObjectStoreError?) in
            state.inFlight += 1
            state.maximumInFlight = max(state.maximumInFlight, state.inFlight)
            state.inFlightByKey[object.key, default: 0] += 1
            state.maximumInFlightByKey[object.key] = max(state.maximumInFlightByKey[object.key] ?? 0, state.inFlightByKey[object.key]!)
            state.readOrder.append(object.key)
            state.reads += 1
            let failure = state.settings.readFailures[object.key]?.first
            if failure != nil { state.settings.readFailures[object.key]!.removeFirst() }
            return (state.settings, failure)
        }
        defer {
            state.withLock { state in
                state.inFlight -= 1
                state.inFlightByKey[object.key]! -= 1
            }
        }
        if settings.readDelay > .zero { try await Task.sleep(for: settings.readDelay) }
        if let target = settings.holdReadsUntilInFlight { try await hold(until: target, atMost: settings.holdLimit) }
        if let failure { throw failure }
        guard let chunkSize = settings.chunkSize else {
            try await inner.read(object, range: range, into: sink)
            return
        }
        let whole = Collector()
        try await inner.read(object, range: range, into: whole)
        var offset = 0
        let start = range?.lowerBound ?? 0
        while offset < whole.bytes.count {
            try await Task.sleep(for: settings.chunkDelay)
            let end = min(offset + chunkSize, whole.bytes.count)
            try whole.bytes[offset..<end].withUnsafeBytes { try sink.write($0, at: start + Int64(offset)) }
            offset = end
        }
    }

    /// Waits until `target` reads are in flight or `limit` has passed, whichever is first; after
    /// either, no read waits again.
    private func hold(until target: Int, atMost limit: Duration) async throws {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            let released = state.withLock { state in
                if state.inFlight >= target { state.holdReleased = true }
                return state.holdReleased
            }
            if released { return }
            try await Task.sleep(for: .milliseconds(1))
        }
        state.withLock { $0.holdReleased = true }
    }

    public func create(_ object: ObjectInfo, options: CreateOptions) async throws -> any PendingObject {
        if let failure = state.withLock({ $0.settings.createFailures[object.key] }) { throw failure }
        return try await inner.create(object, options: options)
    }

    public func md5(of object: ObjectInfo) async throws -> MD5Digest? {
        let settings = state.withLock { $0.settings }
        if let forged = settings.forgedMD5[object.key] { return forged }
        if settings.hideMD5 { return nil }
        return try await inner.md5(of: object)
    }

    public func location(of key: ObjectKey) -> String { inner.location(of: key) }

    public func flushToStableStorage() async throws {
        let failure = state.withLock { state in
            state.flushes += 1
            return state.settings.flushFailure
        }
        if let failure { throw failure }
        try await inner.flushToStableStorage()
    }

    private final class Collector: ByteSink {
        var bytes: [UInt8] = []
        func write(_ chunk: UnsafeRawBufferPointer, at offset: Int64) throws { bytes += chunk }
    }
}
