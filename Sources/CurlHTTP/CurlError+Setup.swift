import CCurl
import ObjectStore

extension CurlError {
    /// The domain of the ``ObjectStoreError/Cause`` that carries a curl multi-interface code.
    static let multiCauseDomain = "curl-multi"

    /// An option curl refused while a handle was set up, as an error naming the option:
    /// `resourceLimit` when curl ran out of memory, `invalidArgument` for a value it does not
    /// take, else `unsupported` (an option this libcurl was built without).
    func optionError(_ option: String) -> ObjectStoreError {
        let code: ObjectStoreError.Code = switch self {
        case CurlError(CURLE_OUT_OF_MEMORY): .resourceLimit
        case CurlError(CURLE_BAD_FUNCTION_ARGUMENT): .invalidArgument
        default: .unsupported
        }
        let cause = ObjectStoreError.Cause(domain: Self.causeDomain, code: String(rawValue), detail: description)
        return ObjectStoreError(code, "curl refused \(option)", cause: cause)
    }

    /// A failed call of curl's multi interface (`operation`, as `curl_multi_add_handle`), as an
    /// error: `resourceLimit` when curl ran out of memory, else `io`.
    static func multiError(_ result: CURLMcode, _ operation: String) -> ObjectStoreError {
        let cause = ObjectStoreError.Cause(
            domain: multiCauseDomain, code: String(result.rawValue), detail: String(cString: curl_multi_strerror(result)))
        return ObjectStoreError(result == CURLM_OUT_OF_MEMORY ? .resourceLimit : .io, "\(operation) failed", cause: cause)
    }
}
