import CPosix
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A thread of its own, outside Swift concurrency's pool, for a loop that blocks in the kernel.
///
/// A plain POSIX thread: Foundation's `Thread` would link all of Foundation (and its ICU data) into
/// the executable for this one use.
final class LoopThread: @unchecked Sendable {
    private final class Body {
        let name: String
        let run: () -> Void
        init(name: String, _ run: @escaping () -> Void) {
            self.name = name
            self.run = run
        }
    }

    private let handle: pthread_t

    /// Starts `body` on a new thread named `name` (at most 15 bytes are kept).
    init(name: String, _ body: @escaping () -> Void) {
        let context = Unmanaged.passRetained(Body(name: name, body)).toOpaque()
        var handle = pthread_t()
        let result = pthread_create(&handle, nil, { context in
            guard let context else { return nil }
            let body = Unmanaged<Body>.fromOpaque(context).takeRetainedValue()
            s3clone_name_this_thread(body.name)
            body.run()
            return nil
        }, context)
        precondition(result == 0, "could not start a thread (error \(result))")
        self.handle = handle
    }

    /// Waits for the thread's body to return. Call once, from another thread.
    func join() {
        _ = pthread_join(handle, nil)
    }
}
