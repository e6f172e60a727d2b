import CPosix
#if canImport(Glibc)
import Glibc
#endif

/// The descriptors the event loop waits on: one epoll set, plus an eventfd that other threads
/// signal to wake the loop. Waiting costs in proportion to the descriptors that are ready, not to
/// every connection open (`poll` walks them all each time).
///
/// Loop-thread only, except ``wake()``.
final class ReadinessSet {
    /// Readiness bits, as ``wait(milliseconds:)`` reports them.
    struct Events: OptionSet {
        let rawValue: UInt32
        static let readable = Events(rawValue: UInt32(S3CLONE_READABLE))
        static let writable = Events(rawValue: UInt32(S3CLONE_WRITABLE))
        static let failed = Events(rawValue: UInt32(S3CLONE_FAILED))
    }

    private let epoll: Int32
    private let wakeDescriptor: Int32
    private var watched = Set<Int32>()
    private var readyDescriptors = [Int32](repeating: 0, count: 256)
    private var readyEvents = [UInt32](repeating: 0, count: 256)

    init() {
        epoll = s3clone_epoll_create()
        wakeDescriptor = s3clone_eventfd()
        guard epoll >= 0, wakeDescriptor >= 0,
              s3clone_epoll_watch(epoll, wakeDescriptor, UInt32(S3CLONE_READABLE), 0) == 0 else {
            fatalError("cannot create the event loop's epoll set: errno \(errno)")
        }
    }

    deinit {
        close(wakeDescriptor)
        close(epoll)
    }

    /// Watches `descriptor` for `events` (replacing what it was watched for); empty stops watching.
    func watch(_ descriptor: Int32, for events: Events) {
        if events.isEmpty {
            guard watched.remove(descriptor) != nil else { return }
            _ = s3clone_epoll_watch(epoll, descriptor, 0, 1)  // fails harmlessly if already closed
            return
        }
        let before: Int32 = watched.insert(descriptor).inserted ? 0 : 1
        _ = s3clone_epoll_watch(epoll, descriptor, events.rawValue, before)
    }

    /// Wakes a ``wait(milliseconds:_:)`` in progress, or the next one; safe from any thread.
    func wake() {
        s3clone_eventfd_signal(wakeDescriptor)
    }

    /// Waits until a descriptor is ready, a wake-up, or the timeout, then calls `body` for each
    /// ready descriptor (not for wake-ups).
    func wait(milliseconds: Int32, _ body: (Int32, Events) -> Void) {
        let count = readyDescriptors.withUnsafeMutableBufferPointer { descriptors in
            readyEvents.withUnsafeMutableBufferPointer { events in
                s3clone_epoll_wait(epoll, descriptors.baseAddress, events.baseAddress, Int32(descriptors.count), milliseconds)
            }
        }
        guard count > 0 else { return }
        for index in 0..<Int(count) {
            let descriptor = readyDescriptors[index]
            if descriptor == wakeDescriptor {
                s3clone_eventfd_drain(wakeDescriptor)
            } else {
                body(descriptor, Events(rawValue: readyEvents[index]))
            }
        }
    }
}
