/// What the credential chain decided: send requests unsigned, or sign them with these credentials.
public enum CredentialResolution: Sendable, Hashable {
    /// `--no-sign-request`: send every request without a signature (public buckets).
    case anonymous
    /// Sign with these credentials.
    case signed(AWSCredentials)
}
