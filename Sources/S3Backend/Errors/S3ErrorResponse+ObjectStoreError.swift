import CurlHTTP
import FoundationEssentials
import ObjectStore

extension S3ErrorResponse {
    /// The ``ObjectStore/ObjectStoreError/Code`` this answer stands for: from S3's `<Code>` when
    /// there is one, else from the status alone.
    ///
    /// | S3 code (or status without body) | code |
    /// |---|---|
    /// | NoSuchBucket (404 without key) | `bucketNotFound` |
    /// | NoSuchKey, NoSuchVersion (404 with key) | `notFound` |
    /// | AccessDenied, AllAccessDisabled (401, 403) | `accessDenied` |
    /// | InvalidAccessKeyId, SignatureDoesNotMatch, InvalidToken | `invalidCredentials` |
    /// | ExpiredToken, TokenRefreshRequired | `expiredCredentials` |
    /// | InvalidObjectState | `archived` |
    /// | PreconditionFailed (412) | `preconditionFailed` |
    /// | PermanentRedirect, TemporaryRedirect (301, 307); AuthorizationHeaderMalformed with a region; 400 without body but with `x-amz-bucket-region` | `redirect` |
    /// | RequestTimeTooSkewed | `clockSkew` |
    /// | SlowDown, ServiceUnavailable, Throttling (429, 503) | `throttled` |
    /// | InternalError (500, 502, 504, other 5xx) | `serverError` |
    /// | RequestTimeout | `network` |
    /// | InvalidRange (416) | `invalidRange` |
    /// | any other 4xx | `invalidArgument` |
    ///
    /// - Parameter hasKey: whether the request named an object. A 404 without a body is then the
    ///   object's absence; for a bucket-level request (HEAD bucket, a listing) it is the bucket's.
    public func errorCode(hasKey: Bool) -> ObjectStoreError.Code {
        if let code, let mapped = Self.codeForS3Code(code, region: region) { return mapped }
        switch status {
        case 301, 307, 308: return .redirect
        case 400 where code == nil && region != nil: return .redirect
        case 401, 403: return .accessDenied
        case 404: return hasKey ? .notFound : .bucketNotFound
        case 412: return .preconditionFailed
        case 416: return .invalidRange
        case 429, 503: return .throttled
        case 400..<500: return .invalidArgument
        default: return .serverError
        }
    }

    /// What happened, as an error value with a code, a message that names the bucket and says what
    /// to do, the key, S3's code and message (or the HTTP status) as the cause, and the pause the
    /// answer asked for (``retryAfter``).
    ///
    /// The message never contains credentials, signatures or what S3 echoed of the request.
    /// - Parameters:
    ///   - bucket: the bucket the request was for; defaults to the one the body names.
    ///   - key: the object the request was for, `nil` for a bucket-level request; defaults to the one
    ///     the body names.
    public func objectStoreError(bucket: String? = nil, key: ObjectKey? = nil) -> ObjectStoreError {
        let key = key ?? self.key.map { ObjectKey($0) }
        let code = errorCode(hasKey: key != nil)
        var error = ObjectStoreError(code, message(for: code, bucket: bucket ?? self.bucket), key: key, cause: cause)
        error.retryAfter = retryAfter
        return error
    }

    /// S3's code and message (domain `s3`), or the HTTP status (domain `http`) when there was no S3
    /// error body.
    public var cause: ObjectStoreError.Cause {
        if let code {
            return ObjectStoreError.Cause(domain: "s3", code: code, detail: message.map(\.escapedForDisplay))
        }
        return ObjectStoreError.Cause(domain: "http", code: String(status))
    }

    private static func codeForS3Code(_ code: String, region: String?) -> ObjectStoreError.Code? {
        switch code {
        case "NoSuchBucket": return .bucketNotFound
        case "NoSuchKey", "NoSuchVersion": return .notFound
        case "AccessDenied", "AllAccessDisabled": return .accessDenied
        case "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken": return .invalidCredentials
        case "ExpiredToken", "TokenRefreshRequired": return .expiredCredentials
        case "InvalidObjectState": return .archived
        case "PreconditionFailed": return .preconditionFailed
        case "PermanentRedirect", "TemporaryRedirect", "Redirect": return .redirect
        case "AuthorizationHeaderMalformed": return region == nil ? .invalidArgument : .redirect
        case "RequestTimeTooSkewed": return .clockSkew
        case "SlowDown", "ServiceUnavailable", "Throttling", "ThrottlingException", "RequestLimitExceeded",
             "TooManyRequests":
            return .throttled
        case "InternalError": return .serverError
        case "RequestTimeout": return .network
        case "InvalidRange": return .invalidRange
        default: return nil
        }
    }

    private func message(for code: ObjectStoreError.Code, bucket: String?) -> String {
        let named = bucket.map { "bucket '\($0.escapedForDisplay)'" } ?? "the bucket"
        let what = self.code ?? "HTTP \(status)"
        switch code {
        case .bucketNotFound:
            return "\(named) does not exist; check the bucket name (and the endpoint, for an S3-compatible service)"
        case .notFound:
            return "no such object in \(named); it was probably deleted after it was listed"
        case .accessDenied:
            return "access denied to \(named); check that the IAM and bucket policies allow s3:ListBucket and "
                + "s3:GetObject for these credentials"
        case .invalidCredentials where self.code == "SignatureDoesNotMatch":
            return "S3 computed a different request signature for \(named); check AWS_SECRET_ACCESS_KEY (or the "
                + "secret of the AWS_PROFILE in use) and that the system clock is right"
        case .invalidCredentials:
            return "S3 does not accept the access key id (\(what)) for \(named); check AWS_ACCESS_KEY_ID or the "
                + "AWS_PROFILE in use, and the endpoint for an S3-compatible service"
        case .expiredCredentials:
            return "the temporary credentials used for \(named) have expired; refresh them (for example with "
                + "`aws sso login`, or a new AWS_SESSION_TOKEN with its key pair)"
        case .archived:
            return "the object in \(named) is archived\(archiveTier); restore it first (aws s3api restore-object), "
                + "then copy it again when the restore has completed"
        case .preconditionFailed:
            let condition = condition.map { " (\($0.escapedForDisplay) no longer holds)" } ?? ""
            return "the object in \(named) changed while it was being copied\(condition); it must be copied again "
                + "from the start"
        case .redirect:
            guard let shown = region?.escapedForDisplay else {
                return "\(named) must be addressed at another endpoint\(endpointText) and S3 did not name its "
                    + "region; set the bucket's region explicitly"
            }
            return "\(named) is in region \(shown)\(endpointText), not the one the request was signed for; "
                + "set the region to \(shown)"
        case .clockSkew:
            let server = serverTime.map { " (S3's time is \($0.ISO8601Format()))" } ?? ""
            let allowed = maxAllowedSkewMilliseconds.map { " by more than \($0 / 60_000) minutes" } ?? ""
            return "the system clock differs from S3's\(allowed)\(server); requests are signed again with S3's "
                + "time, but the clock should be fixed (NTP)"
        case .throttled:
            return "S3 asked to slow down (\(what)) for \(named); requests back off and are retried, and fewer "
                + "parallel workers would help"
        case .serverError:
            return "S3 failed on its side (\(what)) for \(named); the request is retried"
        case .network:
            return "S3 closed a connection that was idle too long (\(what)) for \(named); the request is retried"
        case .invalidRange:
            let range = rangeRequested.map { " \($0.escapedForDisplay)" } ?? ""
            let size = actualObjectSize.map { " (its size is \($0) bytes)" } ?? ""
            return "the requested range\(range) lies outside the object in \(named)\(size); an empty object must be "
                + "read without a Range header"
        default:
            return "S3 refused the request to \(named) (\(what))"
        }
    }

    /// ` in storage class GLACIER` / ` in the ARCHIVE_ACCESS tier of INTELLIGENT_TIERING`, or nothing.
    private var archiveTier: String {
        switch (storageClass, accessTier) {
        case let (storageClass?, tier?):
            return " in the \(tier.escapedForDisplay) tier of \(storageClass.escapedForDisplay)"
        case let (nil, tier?): return " in the \(tier.escapedForDisplay) tier"
        case let (storageClass?, nil): return " in storage class \(storageClass.escapedForDisplay)"
        case (nil, nil): return ""
        }
    }

    private var endpointText: String {
        endpoint.map { " (\($0.escapedForDisplay))" } ?? ""
    }
}

extension ObjectStoreError {
    /// The error an S3 answer with an error status stands for; see
    /// ``S3Backend/S3ErrorResponse/objectStoreError(bucket:key:)``.
    /// - Parameters:
    ///   - response: the collected answer (status, headers, body, which may be empty).
    ///   - bucket: the bucket the request was for.
    ///   - key: the object the request was for, `nil` for a bucket-level request.
    public init(s3Response response: HTTPResponse, bucket: String? = nil, key: ObjectKey? = nil) {
        self = S3ErrorResponse(response).objectStoreError(bucket: bucket, key: key)
    }
}
