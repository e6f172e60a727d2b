import CCurl

/// libcurl's process-wide setup (`curl_global_init`), which must run once per process before any
/// handle is made and not while other threads use curl.
///
/// A `static let` is initialised once, lazily and thread-safely, by the first client made: no
/// mutable global state.
enum CurlLibrary {
    /// `curl_global_init`'s result; `nil` when it succeeded.
    static let initializationFailure: CurlError? = {
        let code = curl_global_init(Int(CURL_GLOBAL_ALL))
        return code == CURLE_OK ? nil : CurlError(code)
    }()
}
