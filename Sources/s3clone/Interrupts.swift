import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Turns Ctrl-C (SIGINT) and SIGTERM into task cancellation for the whole run: the work stops
/// starting new copies, aborts the ones in flight (so no partial file remains), and reports. A
/// second signal exits at once with status 130; temporary files it leaves are removed by the next run.
final class Interrupts: Sendable {
    private struct State {
        var received = 0
        /// Cancels the phase running now.
        var cancelCurrent: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())
    /// Kept for the life of the run; only touched in `init`.
    nonisolated(unsafe) private let sources: [any DispatchSourceSignal]

    /// Starts catching the signals; from now on they are not lost between phases.
    init() {
        sources = [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            return DispatchSource.makeSignalSource(signal: number, queue: .global())
        }
        for source in sources {
            source.setEventHandler { [self] in signalled() }
            source.resume()
        }
    }

    private func signalled() {
        let (count, cancel) = state.withLock { state in
            state.received += 1
            return (state.received, state.cancelCurrent)
        }
        if count > 1 { _exit(130) }
        cancel?()
    }

    /// Runs `body` in a task that a signal cancels (at once, if one already came).
    func cancellingOnSignal<T: Sendable>(_ body: @escaping @Sendable () async -> T) async -> T {
        let task = Task { await body() }
        let alreadyInterrupted = state.withLock { state -> Bool in
            state.cancelCurrent = { task.cancel() }
            return state.received > 0
        }
        if alreadyInterrupted { task.cancel() }
        defer { state.withLock { $0.cancelCurrent = nil } }
        return await task.value
    }
}
