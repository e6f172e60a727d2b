import FoundationEssentials

extension StoredChecksum {
    /// The value as S3 writes it in `x-amz-checksum-*`: base64, with `-N` for a composite one.
    public var encoded: String {
        Self.base64(value) + (partCount.map { "-\($0)" } ?? "")
    }

    /// A checksum's bytes in base64, as S3 writes them (for messages about a computed value).
    public static func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }
}
