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

    /// What curl asks a socket to be watched for, in its socket callback.
    enum SocketInterest: Int32 {
        case nothing = 0, readable = 1, writable = 2, both = 3, remove = 4
    }

    /// Routes curl's socket and timer requests to `socket` and `timer`, with `context` as their
    /// last-but-one argument: the loop then waits on the sockets itself (``socketAction(_:readable:writable:failed:)``).
    func setCallbacks(socket: curl_socket_callback, timer: curl_multi_timer_callback, context: UnsafeMutableRawPointer) {
        _ = s3clone_multi_setopt_socket_function(handle, socket)
        _ = s3clone_multi_setopt_pointer(handle, CURLMOPT_SOCKETDATA, context)
        _ = s3clone_multi_setopt_timer_function(handle, timer)
        _ = s3clone_multi_setopt_pointer(handle, CURLMOPT_TIMERDATA, context)
    }

    /// Moves the transfers on `socket` forward after it became ready.
    func socketAction(_ socket: Int32, readable: Bool, writable: Bool, failed: Bool) {
        var mask: Int32 = 0
        if readable { mask |= 1 }   // CURL_CSELECT_IN
        if writable { mask |= 2 }   // CURL_CSELECT_OUT
        if failed { mask |= 4 }     // CURL_CSELECT_ERR
        var running: Int32 = 0
        curl_multi_socket_action(handle, curl_socket_t(socket), mask, &running)
    }

    /// Moves forward whatever curl's timer was for (timeouts, new transfers, retries of connects).
    func timeoutAction() {
        var running: Int32 = 0
        curl_multi_socket_action(handle, curl_socket_t(-1), 0, &running)  // CURL_SOCKET_TIMEOUT
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
