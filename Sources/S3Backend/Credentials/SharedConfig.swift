import FoundationEssentials
import ObjectStore

/// The AWS shared credentials and config files, read once and queried by profile.
///
/// The files are `~/.aws/credentials` and `~/.aws/config`, or the paths in
/// `AWS_SHARED_CREDENTIALS_FILE` and `AWS_CONFIG_FILE` (a leading `~/` is expanded). A missing
/// file is the same as an empty one. Where both files set a property of the same profile, the
/// credentials file wins, as in the AWS SDKs.
public struct SharedConfig: Sendable, Hashable {
    /// The credentials file's path, or `nil` when no home directory is known and no override is set.
    public var credentialsFilePath: String?
    /// The config file's path, or `nil` when no home directory is known and no override is set.
    public var configFilePath: String?
    /// The credentials file's path for messages, `~` standing for the home directory.
    public var credentialsFileDisplayPath: String
    /// The config file's path for messages, `~` standing for the home directory.
    public var configFileDisplayPath: String

    var credentialsFile = ProfileFile()
    var configFile = ProfileFile()

    /// Where the files are, without reading them.
    ///
    /// - Parameters:
    ///   - environment: the variables to read `AWS_SHARED_CREDENTIALS_FILE`, `AWS_CONFIG_FILE`
    ///     and `HOME` from.
    ///   - home: the home directory; `nil` takes `HOME` from `environment`.
    public init(locatingIn environment: [String: String], home: String? = nil) {
        let home = home ?? AWSEnvironment.value("HOME", in: environment)
        func locate(_ variable: String, _ fallback: String) -> (path: String?, display: String) {
            if let path = AWSEnvironment.value(variable, in: environment) {
                return (Self.expand(path, home: home), path)
            }
            guard let home else { return (nil, "~/" + fallback) }
            return ((home.hasSuffix("/") ? home : home + "/") + fallback, "~/" + fallback)
        }
        (credentialsFilePath, credentialsFileDisplayPath) = locate("AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials")
        (configFilePath, configFileDisplayPath) = locate("AWS_CONFIG_FILE", ".aws/config")
    }

    /// Finds and reads both files.
    ///
    /// - Throws: ``ObjectStore/ObjectStoreError`` `misconfigured` when a file exists but cannot be
    ///   read or parsed.
    public static func load(environment: [String: String], home: String? = nil) throws -> SharedConfig {
        var config = SharedConfig(locatingIn: environment, home: home)
        try config.read()
        return config
    }

    /// Reads (again) both files.
    ///
    /// - Throws: ``ObjectStore/ObjectStoreError`` `misconfigured` when a file exists but cannot be
    ///   read or parsed.
    public mutating func read() throws {
        credentialsFile = try Self.readFile(credentialsFilePath, kind: .credentials, display: credentialsFileDisplayPath)
        configFile = try Self.readFile(configFilePath, kind: .config, display: configFileDisplayPath)
    }

    /// The profile `name` from both files merged, or `nil` when neither file has it.
    public func profile(_ name: String) -> SharedProfile? {
        switch (configFile.profiles[name], credentialsFile.profiles[name]) {
        case (nil, nil): return nil
        case (let config?, nil): return config
        case (nil, let credentials?): return credentials
        case (let config?, let credentials?): return config.overlaid(with: credentials)
        }
    }

    /// The profile's `region`, if it sets one. The environment's `AWS_REGION` is not consulted:
    /// see ``AWSEnvironment/region(in:)``, which takes precedence over this.
    public func region(profile: String) -> String? {
        self.profile(profile)?["region"]
    }

    /// The endpoint URL the profile sets for `service` (`s3`, `sts`): its `services` section's
    /// `endpoint_url` for that service, else the profile's own `endpoint_url`. `nil` when neither
    /// is set or the profile sets `ignore_configured_endpoint_urls = true`. The environment's
    /// `AWS_ENDPOINT_URL_*` variables are not consulted: see
    /// ``AWSEnvironment/endpointURL(service:in:)``, which takes precedence over this.
    public func endpointURL(service: String, profile: String) -> String? {
        guard let profile = self.profile(profile) else { return nil }
        if profile["ignore_configured_endpoint_urls"]?.lowercased() == "true" { return nil }
        let key = service.lowercased().replacing(" ", with: "_").replacing("-", with: "_")
        if let servicesName = profile["services"],
           let url = configFile.services[servicesName]?.subProperties[key]?["endpoint_url"], !url.isEmpty {
            return url
        }
        return profile["endpoint_url"]
    }

    private static func readFile(_ path: String?, kind: ProfileFile.Kind, display: String) throws -> ProfileFile {
        guard let path, FileManager.default.fileExists(atPath: path) else { return ProfileFile() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ObjectStoreError(.misconfigured, "cannot read \(display)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ObjectStoreError(.misconfigured, "\(display) is not UTF-8 text")
        }
        return try ProfileFile.parse(text, kind: kind, displayPath: display)
    }

    /// `~/x` → `home/x`.
    static func expand(_ path: String, home: String?) -> String {
        guard let home, path == "~" || path.hasPrefix("~/") else { return path }
        return home + path.dropFirst()
    }
}
