import Synchronization

/// A bounded buffer of listing pages between the tasks that list and the one that reads: a lister
/// waits while ``capacity`` pages wait unread, so a fast listing never runs far ahead of a slow
/// reader (its memory is bounded), and the reader waits while nothing is there.
///
/// ``laned(capacity:produce:)`` makes a ``LanedListing`` of it: the producing task starts at the
/// first read, and is cancelled when the reader is cancelled or drops the listing unfinished.
public final class PageBuffer: Sendable {
    private struct State {
        var pages: [ListingPage] = []
        var end: Result<Void, any Error>?
        var readers: [CheckedContinuation<Void, Never>] = []
        var writers: [CheckedContinuation<Void, Never>] = []
        var producer: Task<Void, Never>?
    }

    /// How many unread pages make a lister wait.
    public let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// A listing whose pages `produce` puts into a buffer of `capacity` pages (from as many tasks
    /// as it likes); the listing ends when `produce` returns, or fails with what it throws.
    public static func laned(capacity: Int, produce: @escaping @Sendable (PageBuffer) async throws -> Void) -> LanedListing {
        let reader = Reader(buffer: PageBuffer(capacity: capacity), produce: produce)
        return LanedListing(unfolding: { try await reader.next() })
    }

    /// Adds a page, after waiting while the buffer is full.
    ///
    /// - Throws: `CancellationError` once the listing is cancelled or dropped.
    public func put(_ page: ListingPage) async throws {
        while true {
            try Task.checkCancellation()
            let added: (ended: Bool, added: Bool, readers: [CheckedContinuation<Void, Never>]) = state.withLock { state in
                if state.end != nil { return (true, false, []) }
                guard state.pages.count < capacity else { return (false, false, []) }
                state.pages.append(page)
                defer { state.readers = [] }
                return (false, true, state.readers)
            }
            for reader in added.readers { reader.resume() }
            if added.ended { throw CancellationError() }
            if added.added { return }
            await wait(in: \.writers) { [capacity] in $0.pages.count < capacity }
        }
    }

    /// The next page, waiting while there is none; `nil` at the end.
    private func take() async throws -> ListingPage? {
        while true {
            let taken: (page: ListingPage?, end: Result<Void, any Error>?, writers: [CheckedContinuation<Void, Never>]) = state.withLock { state in
                if !state.pages.isEmpty {
                    defer { state.writers = [] }
                    return (state.pages.removeFirst(), nil, state.writers)
                }
                return (nil, state.end, [])
            }
            for writer in taken.writers { writer.resume() }
            if let page = taken.page { return page }
            if let end = taken.end {
                try end.get()
                return nil
            }
            await wait(in: \.readers) { !$0.pages.isEmpty }
        }
    }

    /// Waits, queued in `waiters`, until `ready` holds or the listing has ended (checked under the
    /// lock first, so a wake-up between the caller's check and this one is not missed).
    private func wait(in waiters: WritableKeyPath<State, [CheckedContinuation<Void, Never>]>,
                      until ready: (State) -> Bool) async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state in
                if state.end != nil || ready(state) { return true }
                state[keyPath: waiters].append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    private func start(_ produce: @escaping @Sendable (PageBuffer) async throws -> Void) {
        state.withLock { state in
            guard state.producer == nil, state.end == nil else { return }
            state.producer = Task {
                do {
                    try await produce(self)
                    self.finish(.success(()))
                } catch {
                    self.finish(.failure(error))
                }
            }
        }
    }

    /// Ends the listing now: waiting readers see `CancellationError`, listers stop.
    fileprivate func cancel() {
        finish(.failure(CancellationError()))
        state.withLock { $0.producer }?.cancel()
    }

    private func finish(_ end: Result<Void, any Error>) {
        let waiting = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            if state.end == nil { state.end = end }
            defer {
                state.readers = []
                state.writers = []
            }
            return state.readers + state.writers
        }
        for continuation in waiting { continuation.resume() }
    }

    /// The reading side, owned by the listing: starts the producer, and cancels it when dropped.
    private final class Reader: Sendable {
        let buffer: PageBuffer
        let produce: @Sendable (PageBuffer) async throws -> Void

        init(buffer: PageBuffer, produce: @escaping @Sendable (PageBuffer) async throws -> Void) {
            self.buffer = buffer
            self.produce = produce
        }

        deinit { buffer.cancel() }

        func next() async throws -> ListingPage? {
            buffer.start(produce)
            return try await withTaskCancellationHandler {
                try await buffer.take()
            } onCancel: {
                buffer.cancel()
            }
        }
    }
}
