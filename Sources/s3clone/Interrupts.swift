import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Turns Ctrl-C (SIGINT) and SIGTERM into task cancellation: the work stops starting new copies,
/// aborts the ones in flight (so no partial file remains), and reports. A second signal exits at
/// once with status 130; temporary files it leaves are removed by the next run.
final class Interrupts: Sendable {
    private let received = Atomic<Int>(0)

    /// Whether a signal arrived.
    var wasInterrupted: Bool { received.load(ordering: .relaxed) > 0 }

    /// Runs `body` in a task that a signal cancels.
    func cancellingOnSignal<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await body() }
        let sources = [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in
                if self.received.wrappingAdd(1, ordering: .relaxed).oldValue > 0 { _exit(130) }
                task.cancel()
            }
            source.resume()
            return source
        }
        defer { sources.forEach { $0.cancel() } }
        return try await task.value
    }
}
