/// The AWS region an S3 host name names, as S3 writes them in `<Endpoint>` of a redirect.
enum S3EndpointRegion {
    /// The region in `bucket.s3.eu-central-1.amazonaws.com`, `s3.dualstack.us-west-2.amazonaws.com`
    /// or the legacy `s3-eu-west-1.amazonaws.com`; `us-east-1` for the global `s3.amazonaws.com`.
    ///
    /// Reads the label just before `amazonaws`, so a bucket name with dots (`s3.backup.s3...`) cannot
    /// be mistaken for the region.
    /// - Returns: `nil` for hosts that are not AWS S3 hosts (an S3-compatible server's, for example).
    static func region(fromHost host: String) -> String? {
        let labels = host.lowercased().split(separator: ".", omittingEmptySubsequences: false)
        guard let amazonaws = labels.lastIndex(of: "amazonaws"), amazonaws > 0 else { return nil }
        let label = labels[amazonaws - 1]
        if label == "s3" || label == "s3-external-1" { return "us-east-1" }
        let candidate = label.hasPrefix("s3-") ? label.dropFirst(3) : label
        return looksLikeRegion(candidate) ? String(candidate) : nil
    }

    /// `eu-central-1`, `us-gov-west-1`, `cn-north-1`: letters and dashes, ending in a number.
    private static func looksLikeRegion(_ text: Substring) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, let number = parts.last, !number.isEmpty,
              number.allSatisfy({ $0.isASCII && $0.isNumber })
        else { return false }
        return parts.dropLast().allSatisfy { part in !part.isEmpty && part.allSatisfy { $0.isASCII && $0.isLetter } }
    }
}
