import ObjectStore

/// Credentials from environment variables: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and,
/// optionally, `AWS_SESSION_TOKEN`.
///
/// The older names some SDKs still accept are read when the usual one is unset:
/// `AWS_ACCESS_KEY`, `AWS_SECRET_KEY` and `AWS_SECURITY_TOKEN`. Empty variables count as unset.
public struct EnvironmentCredentialProvider: CredentialProvider {
    private let environment: [String: String]

    /// - Parameter environment: the variables to read (never the process's own, unless passed in).
    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// - Returns: `nil` when neither key variable is set.
    /// - Throws: ``ObjectStore/ObjectStoreError`` `misconfigured` when only one of the pair is set;
    ///   the message names the missing variable.
    public func credentials() async throws -> AWSCredentials? {
        let keyID = value("AWS_ACCESS_KEY_ID", legacy: "AWS_ACCESS_KEY")
        let secret = value("AWS_SECRET_ACCESS_KEY", legacy: "AWS_SECRET_KEY")
        switch (keyID, secret) {
        case (nil, nil):
            return nil
        case (_?, nil):
            throw ObjectStoreError(.misconfigured, "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        case (nil, _?):
            throw ObjectStoreError(.misconfigured, "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")
        case (let keyID?, let secret?):
            return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret,
                                  sessionToken: value("AWS_SESSION_TOKEN", legacy: "AWS_SECURITY_TOKEN"),
                                  expiration: nil)
        }
    }

    public var sourceDescription: String { "environment (AWS_ACCESS_KEY_ID)" }

    private func value(_ name: String, legacy: String) -> String? {
        AWSEnvironment.value(name, in: environment) ?? AWSEnvironment.value(legacy, in: environment)
    }
}
