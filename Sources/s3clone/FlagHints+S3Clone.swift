import Clone

extension FlagHints {
    /// The flags of `s3clone` that fix what a library error describes.
    static let s3clone = FlagHints(
        replaceDiffering: " (use --overwrite to replace)",
        unsignedAccess: " (use --no-sign-request for public buckets)",
        privateCA: " (use --ca-bundle for a private CA)")
}
