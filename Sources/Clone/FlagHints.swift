import CurlHTTP
import ObjectStore
import S3Backend

/// What a front end adds to a library error to say which of its own options fixes it. Library
/// messages say only what is wrong; the CLI supplies these texts (naming its flags), tests may
/// supply none.
public struct FlagHints: Sendable {
    /// After the summary line about differing objects left untouched (how to replace them).
    public var replaceDiffering: String
    /// After "no AWS credentials found" (how to read a public bucket without credentials).
    public var unsignedAccess: String
    /// After a TLS trust failure (how to trust a private CA).
    public var privateCA: String

    public init(replaceDiffering: String = "", unsignedAccess: String = "", privateCA: String = "") {
        self.replaceDiffering = replaceDiffering
        self.unsignedAccess = unsignedAccess
        self.privateCA = privateCA
    }

    /// `error` as one line, with the hint that fixes it when there is one: the key, the message,
    /// the hint, then the cause (the marker cause of missing credentials is left out when the
    /// hint says what to do instead).
    public func describe(_ error: ObjectStoreError) -> String {
        let hint = self.hint(for: error)
        guard !hint.isEmpty else { return error.description }
        var text = error.key.map { $0.displayName + ": " } ?? ""
        text += error.message + hint
        if let cause = error.cause, cause != CredentialChain.noSourceCause { text += " (\(cause))" }
        return text
    }

    private func hint(for error: ObjectStoreError) -> String {
        if error.code == .noCredentials, error.cause == CredentialChain.noSourceCause { return unsignedAccess }
        if error.isTLSTrustFailure { return privateCA }
        return ""
    }
}
