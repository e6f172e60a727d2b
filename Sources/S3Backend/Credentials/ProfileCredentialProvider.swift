import CurlHTTP
import ObjectStore

/// Credentials from a profile of the shared files (`~/.aws/credentials`, `~/.aws/config`).
///
/// Within the profile, in the AWS SDKs' order:
/// 1. `web_identity_token_file` with `role_arn` (and `role_session_name`): assume the role with
///    the token, through STS;
/// 2. `aws_access_key_id`, `aws_secret_access_key` and, optionally, `aws_session_token`;
/// 3. `credential_process`: run the command and read its JSON (see ``CredentialProcess``).
///
/// Profiles that assume a role from another profile (`role_arn` with `source_profile` or
/// `credential_source`) or use IAM Identity Center (`sso_session`, `sso_start_url`) are reported
/// as unsupported rather than skipped, so that s3clone never signs as someone other than the
/// profile says. The files are read on every call, so a refresh sees edits.
public struct ProfileCredentialProvider: CredentialProvider {
    private let environment: [String: String]
    private let selection: ProfileSelection
    private let home: String?
    private let transport: any HTTPTransport

    /// - Parameters:
    ///   - environment: the variables to read file locations from, and to run a
    ///     `credential_process` with.
    ///   - selection: the profile, and whether it was asked for (then it must exist).
    ///   - home: the home directory; `nil` takes `HOME` from `environment`.
    ///   - transport: how STS is reached for a web identity profile.
    public init(environment: [String: String], selection: ProfileSelection, home: String? = nil,
                transport: any HTTPTransport) {
        self.environment = environment
        self.selection = selection
        self.home = home
        self.transport = transport
    }

    /// - Returns: `nil` when the profile does not exist (and was not asked for) or holds no
    ///   credential settings.
    /// - Throws: ``ObjectStore/ObjectStoreError``:
    ///   - `misconfigured`: a file cannot be read or parsed; the profile was asked for and does not
    ///     exist; half of a key pair; `web_identity_token_file` without `role_arn`; a failing
    ///     `credential_process`;
    ///   - `unsupported`: a role-chaining or SSO profile;
    ///   - for a web identity profile, what STS throws (`accessDenied`, `throttled`, `network`).
    public func credentials() async throws -> AWSCredentials? {
        let config = try SharedConfig.load(environment: environment, home: home)
        let name = selection.name
        guard let profile = config.profile(name) else {
            guard selection.isExplicit else { return nil }
            throw ObjectStoreError(
                .misconfigured,
                "the profile \(name) is in neither \(config.credentialsFileDisplayPath) nor \(config.configFileDisplayPath)")
        }
        if profile["role_arn"] != nil, profile["source_profile"] != nil || profile["credential_source"] != nil {
            throw ObjectStoreError(
                .unsupported, "the profile \(name) assumes a role from other credentials, which s3clone cannot do yet")
        }
        if let tokenFile = profile["web_identity_token_file"] {
            guard let roleARN = profile["role_arn"] else {
                throw ObjectStoreError(.misconfigured, "the profile \(name) sets web_identity_token_file but not role_arn")
            }
            let role = WebIdentityRole(
                tokenFile: SharedConfig.expand(tokenFile, home: home ?? AWSEnvironment.value("HOME", in: environment)),
                roleARN: roleARN,
                sessionName: profile["role_session_name"] ?? WebIdentityRole.defaultSessionName(),
                endpoint: try WebIdentityRole.endpoint(environment: environment, config: config, profile: name))
            return try await role.credentials(transport: transport)
        }
        if profile["sso_session"] != nil || profile["sso_start_url"] != nil {
            throw ObjectStoreError(
                .unsupported, "the profile \(name) uses IAM Identity Center (SSO), which s3clone cannot do yet")
        }
        if let keys = try staticKeys(profile) { return keys }
        if let command = profile["credential_process"] {
            let process = CredentialProcess(command: command, environment: environment,
                                            label: "credential_process of profile \(name)")
            return try await process.credentials()
        }
        return nil
    }

    public var sourceDescription: String {
        let config = SharedConfig(locatingIn: environment, home: home)
        return "shared credentials file \(config.credentialsFileDisplayPath) (profile \(selection.name)), "
            + "shared config file \(config.configFileDisplayPath) (profile \(selection.name))"
    }

    private func staticKeys(_ profile: SharedProfile) throws -> AWSCredentials? {
        switch (profile["aws_access_key_id"], profile["aws_secret_access_key"]) {
        case (nil, nil):
            return nil
        case (_?, nil):
            throw ObjectStoreError(
                .misconfigured, "the profile \(profile.name) sets aws_access_key_id but not aws_secret_access_key")
        case (nil, _?):
            throw ObjectStoreError(
                .misconfigured, "the profile \(profile.name) sets aws_secret_access_key but not aws_access_key_id")
        case (let keyID?, let secret?):
            return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret,
                                  sessionToken: profile["aws_session_token"], expiration: nil)
        }
    }
}
