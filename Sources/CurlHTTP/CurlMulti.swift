import CCurl
import ObjectStore

/// The owner of one libcurl multi handle: many transfers on one thread, sharing a connection cache.
///
/// Every call that can fail reports it as an ``ObjectStoreError`` (see
/// ``CurlError/multiError(_:_:)``), naming the option or the call.
final class CurlMulti {
    let handle: UnsafeMutableRawPointer

    init() {
        guard let handle = curl_multi_init() else { fatalError("curl_multi_init failed: out of memory") }
        self.handle = handle
    }

    deinit {
        curl_multi_cleanup(handle)
    }

    /// CURLMOPT_MAX_TOTAL_CONNECTIONS, CURLMOPT_MAX_HOST_CONNECTIONS and CURLMOPT_MAXCONNECTS: at
    /// most `count` connections open, and as many kept for reuse.
    func setMaximumConnections(_ count: Int) throws(ObjectStoreError) {
        try check(s3clone_multi_setopt_long(handle, CURLMOPT_MAX_TOTAL_CONNECTIONS, count), "setting CURLMOPT_MAX_TOTAL_CONNECTIONS")
        try check(s3clone_multi_setopt_long(handle, CURLMOPT_MAX_HOST_CONNECTIONS, count), "setting CURLMOPT_MAX_HOST_CONNECTIONS")
        try check(s3clone_multi_setopt_long(handle, CURLMOPT_MAXCONNECTS, count), "setting CURLMOPT_MAXCONNECTS")
    }

    func add(_ easy: CurlEasy) throws(ObjectStoreError) {
        try check(curl_multi_add_handle(handle, easy.handle), "curl_multi_add_handle")
    }

    func remove(_ easy: CurlEasy) throws(ObjectStoreError) {
        try check(curl_multi_remove_handle(handle, easy.handle), "curl_multi_remove_handle")
    }

    /// What curl asks a socket to be watched for, in its socket callback.
    enum SocketInterest: Int32 {
        case nothing = 0, readable = 1, writable = 2, both = 3, remove = 4
    }

    /// Routes curl's socket and timer requests to `socket` and `timer`, with `context` as their
    /// last-but-one argument: the loop then waits on the sockets itself (``socketAction(_:readable:writable:failed:)``).
    func setCallbacks(socket: curl_socket_callback, timer: curl_multi_timer_callback, context: UnsafeMutableRawPointer) throws(ObjectStoreError) {
        try check(s3clone_multi_setopt_socket_function(handle, socket), "setting CURLMOPT_SOCKETFUNCTION")
        try check(s3clone_multi_setopt_pointer(handle, CURLMOPT_SOCKETDATA, context), "setting CURLMOPT_SOCKETDATA")
        try check(s3clone_multi_setopt_timer_function(handle, timer), "setting CURLMOPT_TIMERFUNCTION")
        try check(s3clone_multi_setopt_pointer(handle, CURLMOPT_TIMERDATA, context), "setting CURLMOPT_TIMERDATA")
    }

    /// Moves the transfers on `socket` forward after it became ready.
    ///
    /// - Returns: curl's result: `CURLM_BAD_SOCKET` when curl no longer knows the socket (it closed
    ///   it earlier in the same wake-up), another code for a failure of the multi handle.
    func socketAction(_ socket: Int32, readable: Bool, writable: Bool, failed: Bool) -> CURLMcode {
        var mask: Int32 = 0
        if readable { mask |= 1 }   // CURL_CSELECT_IN
        if writable { mask |= 2 }   // CURL_CSELECT_OUT
        if failed { mask |= 4 }     // CURL_CSELECT_ERR
        var running: Int32 = 0
        return curl_multi_socket_action(handle, curl_socket_t(socket), mask, &running)
    }

    /// Moves forward whatever curl's timer was for (timeouts, new transfers, retries of connects).
    func timeoutAction() -> CURLMcode {
        var running: Int32 = 0
        return curl_multi_socket_action(handle, curl_socket_t(-1), 0, &running)  // CURL_SOCKET_TIMEOUT
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

    private func check(_ result: CURLMcode, _ operation: String) throws(ObjectStoreError) {
        if result != CURLM_OK { throw CurlError.multiError(result, operation) }
    }
}
