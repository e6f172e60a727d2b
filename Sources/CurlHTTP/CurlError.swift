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

    /// The domain of the ``ObjectStoreError/Cause`` that carries a curl code.
    public static let causeDomain = "curl"

    /// libcurl's own words for the code.
    public var description: String {
        String(cString: curl_easy_strerror(CURLcode(UInt32(rawValue))))
    }

    /// The server's certificate did not verify against the CA bundle in use.
    public static let peerFailedVerification = CurlError(CURLE_PEER_FAILED_VERIFICATION)
    /// The CA bundle in use could not be read.
    public static let sslCACertBadFile = CurlError(CURLE_SSL_CACERT_BADFILE)
    /// A time limit of the transfer ran out (connect or low-speed limit).
    public static let operationTimedOut = CurlError(CURLE_OPERATION_TIMEDOUT)

    /// Whether the failure concerns TLS trust (a bad certificate or CA bundle): retrying cannot help.
    public var isTrustFailure: Bool {
        self == .peerFailedVerification || self == .sslCACertBadFile
    }

    /// The failure as an ``ObjectStoreError``: `network` (retryable) for connection trouble, or
    /// `accessDenied` for a TLS trust failure, with the curl code and detail as the cause (domain
    /// ``causeDomain``, code the decimal curl code): ``ObjectStoreError/isTLSTrustFailure`` tells
    /// a trust failure from other `accessDenied` errors; a timeout is marked
    /// ``ObjectStore/ObjectStoreError/timedOut``.
    public func storeError(detail: String, url: String, key: ObjectKey? = nil) -> ObjectStoreError {
        let cause = ObjectStoreError.Cause(domain: Self.causeDomain, code: String(rawValue), detail: detail.isEmpty ? description : detail)
        if self == .sslCACertBadFile {
            return ObjectStoreError(.accessDenied, "TLS verification failed for \(url.escapedForDisplay): the CA bundle in use cannot be read", key: key, cause: cause)
        }
        if isTrustFailure {
            return ObjectStoreError(.accessDenied, "TLS verification failed for \(url.escapedForDisplay): the server's certificate is not trusted by the CA bundle in use", key: key, cause: cause)
        }
        var failure = ObjectStoreError(.network, "request to \(url.escapedForDisplay) failed", key: key, cause: cause)
        failure.timedOut = self == .operationTimedOut
        return failure
    }
}

extension ObjectStoreError {
    /// Whether this error is a TLS trust failure of a request (``CurlError/isTrustFailure``): code
    /// `accessDenied` with a cause in the ``CurlError/causeDomain`` domain whose code is
    /// `CURLE_PEER_FAILED_VERIFICATION` (60) or `CURLE_SSL_CACERT_BADFILE` (77). A front end can
    /// add its own hint (such as an option naming a private CA bundle).
    public var isTLSTrustFailure: Bool {
        guard code == .accessDenied, let cause, cause.domain == CurlError.causeDomain,
              let number = Int32(cause.code) else { return false }
        return CurlError(rawValue: number).isTrustFailure
    }
}
