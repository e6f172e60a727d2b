import CCurl

/// The owner of one libcurl multi handle: many transfers on one thread, sharing a connection cache.
final class CurlMulti {
    let handle: UnsafeMutableRawPointer

    init(maximumConnections: Int) {
        guard let handle = curl_multi_init() else { fatalError("curl_multi_init failed: out of memory") }
        self.handle = handle
        _ = s3clone_multi_setopt_long(handle, CURLMOPT_MAX_TOTAL_CONNECTIONS, maximumConnections)
        _ = s3clone_multi_setopt_long(handle, CURLMOPT_MAX_HOST_CONNECTIONS, maximumConnections)
        _ = s3clone_multi_setopt_long(handle, CURLMOPT_MAXCONNECTS, maximumConnections)
    }

    deinit {
        curl_multi_cleanup(handle)
    }

    func add(_ easy: CurlEasy) -> Bool {
        curl_multi_add_handle(handle, easy.handle) == CURLM_OK
    }

    func remove(_ easy: CurlEasy) {
        curl_multi_remove_handle(handle, easy.handle)
    }

    /// Moves every transfer forward as far as it can go without blocking.
    func perform() -> Int32 {
        var running: Int32 = 0
        curl_multi_perform(handle, &running)
        return running
    }

    /// Waits for activity on any transfer, a wake-up, or the timeout.
    func poll(milliseconds: Int32) {
        curl_multi_poll(handle, nil, 0, milliseconds, nil)
    }

    /// Ends a `poll` early; safe from any thread.
    func wakeUp() {
        curl_multi_wakeup(handle)
    }

    /// The next finished transfer: its easy handle and result.
    func nextFinished() -> (easy: UnsafeMutableRawPointer, result: CURLcode)? {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(handle, &remaining) {
            if message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle {
                return (easy, message.pointee.data.result)
            }
        }
        return nil
    }
}
