import FoundationEssentials

extension ObjectHeaders {
    /// The `x-amz-restore` header of an archived object: whether a restore is running, and until when
    /// a completed one stays readable.
    public struct Restore: Hashable, Sendable {
        /// `ongoing-request="true"`: the restore has not finished; a GET still fails.
        public var isInProgress: Bool
        /// `expiry-date`: when the restored copy goes away again; set once the restore is done.
        public var expiryDate: Date?

        /// Describes a restore.
        public init(isInProgress: Bool, expiryDate: Date? = nil) {
            self.isInProgress = isInProgress
            self.expiryDate = expiryDate
        }

        /// Parses `ongoing-request="false", expiry-date="Fri, 28 Nov 2025 00:00:00 GMT"`.
        ///
        /// The values are quoted and the date holds a comma, so the pairs are read quote-aware.
        /// - Returns: `nil` without a readable `ongoing-request`.
        public init?(_ header: some StringProtocol) {
            var fields: [Substring: Substring] = [:]
            var rest = Substring(header)
            while true {
                rest = rest.drop { $0 == " " || $0 == "\t" || $0 == "," }
                guard let equals = rest.firstIndex(of: "=") else { break }
                let name = rest[..<equals].trimmingHeaderWhitespace()
                rest = rest[rest.index(after: equals)...].drop { $0 == " " }
                if rest.first == "\"" {
                    rest = rest.dropFirst()
                    guard let close = rest.firstIndex(of: "\"") else { return nil }
                    fields[name] = rest[..<close]
                    rest = rest[rest.index(after: close)...]
                } else {
                    let end = rest.firstIndex(of: ",") ?? rest.endIndex
                    fields[name] = rest[..<end].trimmingHeaderWhitespace()
                    rest = rest[end...]
                }
            }
            switch fields["ongoing-request"] {
            case "true": isInProgress = true
            case "false": isInProgress = false
            default: return nil
            }
            expiryDate = fields["expiry-date"].flatMap { S3Timestamp.parseHTTPDate($0) }
        }
    }
}
