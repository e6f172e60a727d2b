import ObjectStore
import Synchronization

/// Runs `operation` but gives up after `limit`, throwing ``ObjectStore/ObjectStoreError`` `network`.
///
/// The transport does not take a timeout yet, so the limit is enforced here: the operation runs
/// in its own task, which is cancelled (and left to finish on its own) when the limit passes
/// first. That keeps an absent metadata service from stalling the credential chain however long
/// the connection attempt itself would take.
func withTimeLimit<T: Sendable>(
    _ limit: Duration, _ what: String, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let race = TimeLimitRace<T>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in
            race.start(continuation: continuation, limit: limit, what: what, operation: operation)
        }
    } onCancel: {
        race.finish(.failure(ObjectStoreError(.cancelled, "\(what) cancelled")))
    }
}

/// The shared state of one ``withTimeLimit(_:_:_:)`` call: whichever of the work and the timer
/// finishes first resumes the caller and cancels the other.
private final class TimeLimitRace<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T, any Error>?
        var pending: Result<T, any Error>?
        var tasks: [Task<Void, Never>] = []
        var finished = false
    }

    private let state = Mutex(State())

    func start(continuation: CheckedContinuation<T, any Error>, limit: Duration, what: String,
               operation: @escaping @Sendable () async throws -> T) {
        let early: Result<T, any Error>? = state.withLock { state in
            if let pending = state.pending { return pending }
            state.continuation = continuation
            return nil
        }
        if let early {
            continuation.resume(with: early)
            return
        }
        let work = Task {
            do { self.finish(.success(try await operation())) } catch { self.finish(.failure(error)) }
        }
        let timer = Task {
            guard (try? await Task.sleep(for: limit)) != nil else { return }
            var failure = ObjectStoreError(.network, "\(what): no answer within \(limit)")
            failure.timedOut = true
            self.finish(.failure(failure))
        }
        let cancelNow = state.withLock { state in
            state.tasks = [work, timer]
            return state.finished
        }
        if cancelNow {
            work.cancel()
            timer.cancel()
        }
    }

    /// Resumes the caller with `result` unless something already did; cancels both tasks.
    func finish(_ result: Result<T, any Error>) {
        let (continuation, tasks): (CheckedContinuation<T, any Error>?, [Task<Void, Never>]) = state.withLock { state in
            guard !state.finished else { return (nil, []) }
            state.finished = true
            guard let continuation = state.continuation else {
                state.pending = result
                return (nil, [])
            }
            state.continuation = nil
            return (continuation, state.tasks)
        }
        continuation?.resume(with: result)
        for task in tasks { task.cancel() }
    }
}
