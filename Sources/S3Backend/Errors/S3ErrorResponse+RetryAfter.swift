import FoundationEssentials

extension S3ErrorResponse {
    /// The pause an answer asks for: `x-amz-retry-after` in milliseconds, else `Retry-After` in
    /// whole seconds or as an HTTP date (the time from now until then). `nil` when neither is
    /// there or readable; a date in the past is zero.
    static func retryAfter(amazon: String?, standard: String?) -> Duration? {
        if let amazon, let milliseconds = Int64(amazon.trimmingWhitespace()), milliseconds >= 0 {
            return .milliseconds(milliseconds)
        }
        guard let standard = standard?.trimmingWhitespace(), !standard.isEmpty else { return nil }
        if let seconds = Int64(standard) { return seconds >= 0 ? .seconds(seconds) : nil }
        guard let date = S3Timestamp.parseHTTPDate(standard) else { return nil }
        return .milliseconds(Int64(max(0, date.timeIntervalSinceNow) * 1000))
    }
}
