import CCurl
import ObjectStore

/// A libcurl result code as a value (like `Errno`): what went wrong with a transfer.
public struct CurlError: Error, RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32

    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    init(_ code: CURLcode) {
        self.rawValue = Int32(code.rawValue)
    }

    /// libcurl's own words for the code.
    public var description: String {
        String(cString: curl_easy_strerror(CURLcode(UInt32(rawValue))))
    }

    public static let couldNotResolveHost = CurlError(CURLE_COULDNT_RESOLVE_HOST)
    public static let couldNotConnect = CurlError(CURLE_COULDNT_CONNECT)
    public static let operationTimedOut = CurlError(CURLE_OPERATION_TIMEDOUT)
    public static let writeError = CurlError(CURLE_WRITE_ERROR)
    public static let peerFailedVerification = CurlError(CURLE_PEER_FAILED_VERIFICATION)
    public static let sslConnectError = CurlError(CURLE_SSL_CONNECT_ERROR)
    public static let sslCACertBadFile = CurlError(CURLE_SSL_CACERT_BADFILE)
    public static let partialFile = CurlError(CURLE_PARTIAL_FILE)
    public static let receiveError = CurlError(CURLE_RECV_ERROR)
    public static let sendError = CurlError(CURLE_SEND_ERROR)
    public static let gotNothing = CurlError(CURLE_GOT_NOTHING)
    public static let aborted = CurlError(CURLE_ABORTED_BY_CALLBACK)

    /// Whether the failure concerns TLS trust (a bad certificate or CA bundle): retrying cannot help.
    public var isTrustFailure: Bool {
        self == .peerFailedVerification || self == .sslCACertBadFile
    }

    /// The failure as an ``ObjectStoreError``: `network` (retryable) for connection trouble, or
    /// `accessDenied` for a TLS trust failure, with the curl code and detail as the cause; a timeout
    /// is marked ``ObjectStore/ObjectStoreError/timedOut``.
    public func storeError(detail: String, url: String, key: ObjectKey? = nil) -> ObjectStoreError {
        let cause = ObjectStoreError.Cause(domain: "curl", code: String(rawValue), detail: detail.isEmpty ? description : detail)
        if isTrustFailure {
            return ObjectStoreError(.accessDenied, "TLS verification failed for \(url.escapedForDisplay) (use --ca-bundle for a private CA)", key: key, cause: cause)
        }
        var failure = ObjectStoreError(.network, "request to \(url.escapedForDisplay) failed", key: key, cause: cause)
        failure.timedOut = self == .operationTimedOut
        return failure
    }
}
