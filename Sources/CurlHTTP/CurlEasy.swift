import CCurl

/// The owner of one libcurl easy handle, with one named setter per option s3clone uses.
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
    func reset() {
        curl_easy_reset(handle)
        isSetUpForPlainGET = false
        clearErrorDetail()
        set(CURLOPT_NOSIGNAL, 1)
        _ = s3clone_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
    }

    /// Forgets the message of an earlier failure (curl only writes the buffer when one happens).
    func clearErrorDetail() {
        errorBuffer[0] = 0
    }

    /// The detailed message of the last failure, if curl wrote one.
    var errorDetail: String { String(cString: errorBuffer) }

    func set(_ option: CURLoption, _ value: Int) {
        _ = s3clone_easy_setopt_long(handle, option, value)
    }

    func set(_ option: CURLoption, offset value: Int64) {
        _ = s3clone_easy_setopt_off_t(handle, option, curl_off_t(value))
    }

    func set(_ option: CURLoption, _ value: String) {
        // curl copies strings; withCString lends the string's bytes instead of copying them first.
        _ = value.withCString { s3clone_easy_setopt_string(handle, option, $0) }
    }

    func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer?) {
        _ = s3clone_easy_setopt_pointer(handle, option, value)
    }

    func set(headers: CurlHeaderList) {
        _ = s3clone_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headers.pointer)
    }

    func set(_ option: CURLoption, callback: s3clone_data_callback) {
        _ = s3clone_easy_setopt_data_callback(handle, option, callback)
    }

    /// The status code of the last response received.
    var responseCode: Int {
        var code = 0
        _ = s3clone_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
        return code
    }
}
