import CCurl
import ObjectStore

/// The owner of one libcurl easy handle, with one named setter per option s3clone uses.
///
/// Each setter reports an option curl refuses as an ``ObjectStoreError`` naming the option (see
/// ``CurlError/optionError(_:)``), so a request whose handle cannot be set up fails with a clear
/// error instead of running with curl's defaults.
///
/// Only one thread uses an easy handle at a time (the event loop, once the handle is added to the
/// multi handle).
final class CurlEasy {
    let handle: UnsafeMutableRawPointer
    /// curl writes its detailed error message here (CURLOPT_ERRORBUFFER).
    private let errorBuffer: UnsafeMutablePointer<CChar>
    /// Whether the options set are those of a plain GET (the same for every one of them), so the
    /// next plain GET only needs what differs: URL, headers, callback context.
    var isSetUpForPlainGET = false
    /// CURLOPT_BUFFERSIZE of this handle, for as long as it lives (its buffer is kept across transfers).
    let receiveBufferSize: Int

    init(receiveBufferSize: Int) {
        self.receiveBufferSize = receiveBufferSize
        guard let handle = curl_easy_init() else { fatalError("curl_easy_init failed: out of memory") }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Forgets every option (keeping live connections and caches), then sets the ones every
    /// transfer needs: no signals, the error buffer.
    func reset() throws(ObjectStoreError) {
        curl_easy_reset(handle)
        isSetUpForPlainGET = false
        clearErrorDetail()
        try check(s3clone_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1), "CURLOPT_NOSIGNAL")
        try check(s3clone_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer), "CURLOPT_ERRORBUFFER")
    }

    /// Forgets the message of an earlier failure (curl only writes the buffer when one happens).
    func clearErrorDetail() {
        errorBuffer[0] = 0
    }

    /// The detailed message of the last failure, if curl wrote one.
    var errorDetail: String { String(cString: errorBuffer) }

    /// CURLOPT_URL.
    func setURL(_ url: String) throws(ObjectStoreError) {
        try set(CURLOPT_URL, "CURLOPT_URL", url)
    }

    /// CURLOPT_HTTPHEADER: `headers` must live as long as the transfer.
    func setHeaders(_ headers: CurlHeaderList) throws(ObjectStoreError) {
        try check(s3clone_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headers.pointer), "CURLOPT_HTTPHEADER")
    }

    /// CURLOPT_WRITEDATA and CURLOPT_HEADERDATA: what both data callbacks get as their context.
    func setCallbackContext(_ context: UnsafeMutableRawPointer) throws(ObjectStoreError) {
        try check(s3clone_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, context), "CURLOPT_WRITEDATA")
        try check(s3clone_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, context), "CURLOPT_HEADERDATA")
    }

    /// CURLOPT_WRITEFUNCTION: where body bytes go.
    func setBodyCallback(_ callback: s3clone_data_callback) throws(ObjectStoreError) {
        try check(s3clone_easy_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, callback), "CURLOPT_WRITEFUNCTION")
    }

    /// CURLOPT_HEADERFUNCTION: where header lines go.
    func setHeaderCallback(_ callback: s3clone_data_callback) throws(ObjectStoreError) {
        try check(s3clone_easy_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION, callback), "CURLOPT_HEADERFUNCTION")
    }

    /// CURLOPT_PATH_AS_IS: the path is sent as given, never squashing `..`, `.` or `//`.
    func setPathAsIs() throws(ObjectStoreError) {
        try set(CURLOPT_PATH_AS_IS, "CURLOPT_PATH_AS_IS", 1)
    }

    /// CURLOPT_HTTP_VERSION: HTTP/1.1.
    func setHTTP11() throws(ObjectStoreError) {
        try set(CURLOPT_HTTP_VERSION, "CURLOPT_HTTP_VERSION", Int(CURL_HTTP_VERSION_1_1))
    }

    /// CURLOPT_TCP_KEEPALIVE on.
    func setTCPKeepAlive() throws(ObjectStoreError) {
        try set(CURLOPT_TCP_KEEPALIVE, "CURLOPT_TCP_KEEPALIVE", 1)
    }

    /// CURLOPT_CONNECTTIMEOUT_MS.
    func setConnectTimeout(milliseconds: Int) throws(ObjectStoreError) {
        try set(CURLOPT_CONNECTTIMEOUT_MS, "CURLOPT_CONNECTTIMEOUT_MS", milliseconds)
    }

    /// CURLOPT_LOW_SPEED_LIMIT and CURLOPT_LOW_SPEED_TIME: under `bytesPerSecond` for `seconds` fails.
    func setStallLimit(bytesPerSecond: Int, seconds: Int) throws(ObjectStoreError) {
        try set(CURLOPT_LOW_SPEED_LIMIT, "CURLOPT_LOW_SPEED_LIMIT", bytesPerSecond)
        try set(CURLOPT_LOW_SPEED_TIME, "CURLOPT_LOW_SPEED_TIME", seconds)
    }

    /// CURLOPT_BUFFERSIZE: this handle's ``receiveBufferSize``.
    func setReceiveBufferSize() throws(ObjectStoreError) {
        try set(CURLOPT_BUFFERSIZE, "CURLOPT_BUFFERSIZE", receiveBufferSize)
    }

    /// CURLOPT_TIMEOUT_MS: the whole transfer's time limit.
    func setTimeout(milliseconds: Int) throws(ObjectStoreError) {
        try set(CURLOPT_TIMEOUT_MS, "CURLOPT_TIMEOUT_MS", milliseconds)
    }

    /// CURLOPT_FRESH_CONNECT: a new connection for this transfer, whatever the pool holds.
    func setFreshConnection() throws(ObjectStoreError) {
        try set(CURLOPT_FRESH_CONNECT, "CURLOPT_FRESH_CONNECT", 1)
    }

    /// CURLOPT_CAINFO: the PEM bundle of CA certificates to trust.
    func setCABundle(_ path: String) throws(ObjectStoreError) {
        try set(CURLOPT_CAINFO, "CURLOPT_CAINFO", path)
    }

    /// CURLOPT_NOBODY: a HEAD request.
    func setNoBody() throws(ObjectStoreError) {
        try set(CURLOPT_NOBODY, "CURLOPT_NOBODY", 1)
    }

    /// CURLOPT_CUSTOMREQUEST: the method, when it is not GET or HEAD.
    func setMethod(_ method: String) throws(ObjectStoreError) {
        try set(CURLOPT_CUSTOMREQUEST, "CURLOPT_CUSTOMREQUEST", method)
    }

    /// CURLOPT_POSTFIELDSIZE_LARGE then CURLOPT_COPYPOSTFIELDS: curl keeps its own copy of `body`.
    func setBody(_ body: [UInt8]) throws(ObjectStoreError) {
        try check(s3clone_easy_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)), "CURLOPT_POSTFIELDSIZE_LARGE")
        let code = body.withUnsafeBytes { bytes in
            let base = bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
            return s3clone_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: base))
        }
        try check(code, "CURLOPT_COPYPOSTFIELDS")
    }

    private func set(_ option: CURLoption, _ name: String, _ value: Int) throws(ObjectStoreError) {
        try check(s3clone_easy_setopt_long(handle, option, value), name)
    }

    private func set(_ option: CURLoption, _ name: String, _ value: String) throws(ObjectStoreError) {
        // curl copies strings; withCString lends the string's bytes instead of copying them first.
        try check(value.withCString { s3clone_easy_setopt_string(handle, option, $0) }, name)
    }

    private func check(_ code: CURLcode, _ option: String) throws(ObjectStoreError) {
        if code != CURLE_OK { throw CurlError(code).optionError(option) }
    }
}
