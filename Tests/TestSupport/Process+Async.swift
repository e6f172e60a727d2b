import Foundation

extension Process {
    /// Runs the process and waits for its exit without blocking a thread: tests on the small
    /// cooperative pool must not hold a thread while a child process works.
    public func runAndWait() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            terminationHandler = { _ in continuation.resume() }
            do {
                try run()
            } catch {
                terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
    }

    /// Waits for the exit of a process already running, without blocking a thread (it checks
    /// every few milliseconds; `terminationHandler` cannot be set once the process runs).
    public func waitForExit() async {
        while isRunning {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
}
