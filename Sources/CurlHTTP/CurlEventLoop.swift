import CCurl
import FoundationEssentials
import Logging
import ObjectStore
import Synchronization

/// One thread that drives every transfer through one curl multi handle.
///
/// Tasks submit transfers through a lock-protected queue and wake the loop through an eventfd; the
/// loop configures an easy handle (reused from a pool, so connections and buffers are kept), adds
/// it, and when the transfer ends resumes the task's continuation. Body bytes are handed to the
/// transfer's sink from curl's buffer, on this thread. A transfer submitted while every connection
/// of the loop is busy waits in the loop's own queue and starts in the wake-up that frees one.
///
/// The loop waits on the sockets itself, in an epoll set (curl's socket interface,
/// `curl_multi_socket_action`): each wake-up costs in proportion to the sockets that are ready. With
/// `curl_multi_perform` and `curl_multi_poll` every wake-up walked every transfer and polled every
/// connection, which made the loop thread the bottleneck with a hundred requests in flight far
/// from the server.
final class CurlEventLoop: @unchecked Sendable {
    struct Settings: Sendable {
        var maximumConnections: Int
        var connectTimeoutMilliseconds: Int
        var stallSeconds: Int
        var caBundlePath: String?
        var receiveBufferSize: Int
        /// Bytes of receive buffers this loop's handles may take at ``receiveBufferSize``; handles
        /// made past it get ``ReceiveBufferBudget/smallSize``.
        var receiveBufferBudget: Int
    }

    private struct Queues {
        var submitted: [CurlTransfer] = []
        var cancelled: [CurlTransfer] = []
        var stopping = false
        /// A wake-up was sent and the loop has not taken the queues since: the loop will see
        /// anything added now, so another wake-up (a write to curl's socket pair, a poll return and
        /// a read on the loop) would be wasted.
        var wakeUpPending = false
    }

    private let settings: Settings
    private let logger: Logger
    /// Requests handed to this loop and not yet answered (kept by ``CurlHTTPClient``, which sends
    /// each request to the least busy loop).
    let requestsInFlight = Atomic<Int>(0)
    private let multi: CurlMulti
    private let readiness = ReadinessSet()
    /// When curl wants its timer action (loop thread only; set from curl's timer callback).
    private var timerDeadline: ContinuousClock.Instant?
    private let queues = Mutex(Queues())
    /// Loop-thread state: transfers on the multi handle by easy handle, and idle easy handles.
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    private var idle: [CurlEasy] = []
    /// Receive-buffer sizes for this loop's new handles (loop thread only).
    private var receiveBuffers: ReceiveBufferBudget
    /// Transfers submitted while every connection of this loop was busy (loop thread only).
    private var waiting = WaitingTransfers()
    /// Why the loop cannot run transfers at all (curl refused its callbacks), if it cannot: each
    /// transfer submitted then fails with it (loop thread only).
    private var brokenBy: ObjectStoreError?
    private var thread: LoopThread?

    init(settings: Settings, logger: Logger) {
        self.settings = settings
        self.logger = logger
        self.receiveBuffers = ReceiveBufferBudget(fullSize: settings.receiveBufferSize, budget: settings.receiveBufferBudget)
        self.multi = CurlMulti()
        do {
            try multi.setMaximumConnections(settings.maximumConnections)
        } catch {
            // The loop still bounds its transfers itself (see start(_:)); curl keeps its defaults.
            logger.warning("curl refused the connection limit", metadata: ["error": "\(error)"])
        }
        thread = LoopThread(name: "s3clone-curl") { [self] in run() }
    }

    /// Hands a transfer to the loop; its continuation must be set.
    func submit(_ transfer: CurlTransfer) {
        let (accepted, wake) = queues.withLock { queues -> (Bool, Bool) in
            guard !queues.stopping else { return (false, false) }
            queues.submitted.append(transfer)
            defer { queues.wakeUpPending = true }
            return (true, !queues.wakeUpPending)
        }
        if wake { readiness.wake() }
        if !accepted {
            resumeCancelled(transfer)
        }
    }

    /// Asks the loop to end a transfer early (its task was cancelled).
    func cancel(_ transfer: CurlTransfer) {
        queues.withLock { queues in
            transfer.cancelRequested = true
            queues.cancelled.append(transfer)
        }
        readiness.wake()
    }

    /// Ends the loop: transfers still running complete as cancelled. Waits for the thread.
    func stop() {
        queues.withLock { $0.stopping = true }
        readiness.wake()
        thread?.join()
    }

    private func run() {
        do {
            try setCallbacks()
        } catch {
            logger.error("curl refused the event loop's callbacks: every request fails", metadata: ["error": "\(error)"])
            brokenBy = error
        }
        // The queues are swapped with these (emptied after use, capacity kept): no allocation.
        var submitted: [CurlTransfer] = []
        var cancelled: [CurlTransfer] = []
        while true {
            let stopping = queues.withLock { queues in
                swap(&submitted, &queues.submitted)
                swap(&cancelled, &queues.cancelled)
                queues.wakeUpPending = false
                return queues.stopping
            }
            for transfer in submitted { start(transfer) }
            for transfer in cancelled { abort(transfer) }
            submitted.removeAll(keepingCapacity: true)
            cancelled.removeAll(keepingCapacity: true)
            if stopping {
                for transfer in waiting.removeAll() { resumeCancelled(transfer) }
                for transfer in Array(active.values) { abort(transfer) }
                break
            }
            readiness.wait(milliseconds: waitMilliseconds()) { socket, events in
                let result = multi.socketAction(socket, readable: events.contains(.readable), writable: events.contains(.writable),
                                                failed: !events.isDisjoint(with: .failed))
                report(result, of: "curl_multi_socket_action")
            }
            if let deadline = timerDeadline, ContinuousClock.now >= deadline {
                timerDeadline = nil
                report(multi.timeoutAction(), of: "curl_multi_socket_action (timer)")
            }
            while let (handle, result) = multi.nextFinished() {
                guard let transfer = active[handle] else { continue }
                complete(transfer, result: result, cancelled: false)
            }
        }
    }

    /// Logs a failed `curl_multi_socket_action`. A socket curl no longer knows (it closed it earlier
    /// in the same wake-up) is expected and only noted at debug level; the transfers themselves
    /// end through ``CurlMulti/nextFinished()`` either way.
    private func report(_ result: CURLMcode, of operation: String) {
        guard result != CURLM_OK else { return }
        let error = CurlError.multiError(result, operation)
        if result == CURLM_BAD_SOCKET {
            logger.debug("curl no longer knows a ready socket", metadata: ["error": "\(error)"])
        } else {
            logger.error("curl's multi handle failed", metadata: ["error": "\(error)"])
        }
    }

    /// Routes curl's socket and timer callbacks to this loop.
    private func setCallbacks() throws(ObjectStoreError) {
        try multi.setCallbacks(
            socket: { _, socket, what, context, _ in
                guard let context else { return 0 }
                Unmanaged<CurlEventLoop>.fromOpaque(context).takeUnretainedValue().socketChanged(socket, interest: what)
                return 0
            },
            timer: { _, milliseconds, context in
                guard let context else { return 0 }
                Unmanaged<CurlEventLoop>.fromOpaque(context).takeUnretainedValue().timerChanged(milliseconds: milliseconds)
                return 0
            },
            context: Unmanaged.passUnretained(self).toOpaque())
    }

    /// How long the next wait may last: until curl's timer is due, at most a second.
    private func waitMilliseconds() -> Int32 {
        guard let deadline = timerDeadline else { return 1000 }
        let remaining = deadline - ContinuousClock.now
        guard remaining > .zero else { return 0 }
        let parts = remaining.components
        let milliseconds = parts.seconds * 1000 + (parts.attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(min(1000, milliseconds))
    }

    /// curl's socket callback: watch `socket` for what it now waits for.
    private func socketChanged(_ socket: curl_socket_t, interest: Int32) {
        switch CurlMulti.SocketInterest(rawValue: interest) {
        case .readable: readiness.watch(Int32(socket), for: .readable)
        case .writable: readiness.watch(Int32(socket), for: .writable)
        case .both: readiness.watch(Int32(socket), for: [.readable, .writable])
        case .remove, .nothing, nil: readiness.watch(Int32(socket), for: [])
        }
    }

    /// curl's timer callback: -1 cancels the timer, 0 asks for the timer action at once.
    private func timerChanged(milliseconds: Int) {
        timerDeadline = milliseconds < 0 ? nil : ContinuousClock.now + .milliseconds(milliseconds)
    }

    /// Starts `transfer` on the multi handle, or queues it when every connection of this loop is
    /// in use: it then starts in the same loop iteration as the transfer that frees one (see
    /// ``complete(_:result:cancelled:)``), with its request already built and signed. curl could
    /// queue it too (its pending transfers), but it looks for a free connection for every pending
    /// transfer on every change, which costs more the longer the queue.
    private func start(_ transfer: CurlTransfer) {
        if queues.withLock({ _ in transfer.cancelRequested }) {
            resumeCancelled(transfer)
            return
        }
        guard active.count < settings.maximumConnections else {
            waiting.append(transfer)
            return
        }
        if let brokenBy {
            resume(transfer, with: transfer.outcome(result: nil, cancelled: false, failure: brokenBy))
            return
        }
        let easy = idle.popLast() ?? makeHandle()
        do {
            try configure(easy, for: transfer)
        } catch {
            // Set up again from a reset the next time it is used.
            easy.isSetUpForPlainGET = false
            idle.append(easy)
            transfer.headerList = nil
            resume(transfer, with: transfer.outcome(result: nil, cancelled: false, failure: error))
            return
        }
        transfer.easy = easy
        active[easy.handle] = transfer
        do {
            try multi.add(easy)
        } catch {
            complete(transfer, result: CURLE_FAILED_INIT, cancelled: false, failure: error)
        }
    }

    /// A new handle, with a full receive buffer while the budget lasts.
    private func makeHandle() -> CurlEasy {
        CurlEasy(receiveBufferSize: receiveBuffers.nextSize())
    }

    private func abort(_ transfer: CurlTransfer) {
        guard let easy = transfer.easy, active[easy.handle] === transfer else {
            if waiting.remove(transfer) { resumeCancelled(transfer) }
            return
        }
        complete(transfer, result: CURLE_ABORTED_BY_CALLBACK, cancelled: true)
    }

    private func resumeCancelled(_ transfer: CurlTransfer) {
        resume(transfer, with: transfer.outcome(result: CURLE_ABORTED_BY_CALLBACK, cancelled: true))
    }

    /// Hands `outcome` back to the task waiting for `transfer`.
    private func resume(_ transfer: CurlTransfer, with outcome: CurlTransfer.Outcome) {
        let continuation = transfer.continuation
        transfer.continuation = nil
        continuation?.resume(returning: outcome)
    }

    private func complete(_ transfer: CurlTransfer, result: CURLcode, cancelled: Bool, failure: ObjectStoreError? = nil) {
        if let easy = transfer.easy {
            do {
                try multi.remove(easy)
            } catch {
                logger.error("curl could not take a finished transfer off its multi handle", metadata: ["error": "\(error)"])
            }
            active[easy.handle] = nil
        }
        let outcome = transfer.outcome(result: result, cancelled: cancelled, failure: failure)
        if let easy = transfer.easy {
            transfer.easy = nil
            idle.append(easy)
        }
        transfer.headerList = nil
        resume(transfer, with: outcome)
        while active.count < settings.maximumConnections, let next = waiting.popFirst() {
            start(next)
        }
    }

    private func configure(_ easy: CurlEasy, for transfer: CurlTransfer) throws(ObjectStoreError) {
        let request = transfer.request
        // Options stay set on a handle between transfers. Most requests are plain GETs (object
        // bodies) whose options differ only in URL, headers and context: a handle that served one
        // is not reset and set up again for the next.
        let plainGET = request.method == "GET" && request.body == nil && request.timeout == nil && !request.freshConnection
        if plainGET, easy.isSetUpForPlainGET {
            easy.clearErrorDetail()
        } else {
            try easy.reset()
            try setUp(easy, for: request)
        }
        easy.isSetUpForPlainGET = plainGET
        try easy.setURL(request.url)
        let headers = CurlHeaderList(request.headers)
        if request.body != nil {
            // curl only adds `Expect: 100-continue` to requests with a body; none of those wait.
            headers.append(rawLine: "Expect:")
            if request.header("Content-Type") == nil {
                headers.append(rawLine: "Content-Type:")  // not curl's default form type: the body is raw bytes
            }
        }
        transfer.headerList = headers
        try easy.setHeaders(headers)
        try easy.setCallbackContext(Unmanaged.passUnretained(transfer).toOpaque())
    }

    /// Every option besides the URL, the headers and the callbacks' context, on a reset handle.
    private func setUp(_ easy: CurlEasy, for request: HTTPRequest) throws(ObjectStoreError) {
        try easy.setPathAsIs()  // keys are paths as given: never squash "..", "." or "//"
        try easy.setHTTP11()
        try easy.setTCPKeepAlive()
        try easy.setConnectTimeout(milliseconds: settings.connectTimeoutMilliseconds)
        // A stalled transfer (under 1 byte/s for this long) fails; a slow, healthy one never does.
        try easy.setStallLimit(bytesPerSecond: 1, seconds: settings.stallSeconds)
        try easy.setReceiveBufferSize()
        if let timeout = request.timeout {
            let parts = timeout.components
            try easy.setTimeout(milliseconds: Int(parts.seconds) * 1000 + Int(parts.attoseconds / 1_000_000_000_000_000))
        }
        if let path = settings.caBundlePath { try easy.setCABundle(path) }
        if request.freshConnection { try easy.setFreshConnection() }
        switch request.method {
        case "GET": break
        case "HEAD": try easy.setNoBody()
        default: try easy.setMethod(request.method)
        }
        if let body = request.body { try easy.setBody(body) }
        try easy.setBodyCallback({ data, size, count, context in
            guard let data, let context else { return 0 }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            return transfer.receive(UnsafeRawBufferPointer(start: data, count: size * count))
        })
        try easy.setHeaderCallback({ data, size, count, context in
            guard let data, let context else { return 0 }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            transfer.receiveHeader(UnsafeRawBufferPointer(start: data, count: size * count))
            return size * count
        })
    }
}
