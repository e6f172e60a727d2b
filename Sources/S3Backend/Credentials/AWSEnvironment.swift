/// Reading AWS settings out of an injected environment (`[String: String]`).
///
/// The helpers follow the AWS SDKs: an empty variable counts as unset, and booleans are
/// `true`/`false` in any case.
public enum AWSEnvironment {
    /// The value of `name`, or `nil` when it is unset or empty.
    public static func value(_ name: String, in environment: [String: String]) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }

    /// Whether `name` is set to `true` (in any case).
    public static func isTrue(_ name: String, in environment: [String: String]) -> Bool {
        value(name, in: environment)?.lowercased() == "true"
    }

    /// The region the environment names: `AWS_REGION`, else `AWS_DEFAULT_REGION`.
    public static func region(in environment: [String: String]) -> String? {
        value("AWS_REGION", in: environment) ?? value("AWS_DEFAULT_REGION", in: environment)
    }

    /// The endpoint URL the environment sets for `service` (an SDK service ID such as `S3` or
    /// `STS`): `AWS_ENDPOINT_URL_<SERVICE>`, else `AWS_ENDPOINT_URL`. `nil` when neither is set or
    /// when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is `true`.
    public static func endpointURL(service: String, in environment: [String: String]) -> String? {
        if isTrue("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", in: environment) { return nil }
        return value("AWS_ENDPOINT_URL_" + serviceSuffix(service), in: environment)
            ?? value("AWS_ENDPOINT_URL", in: environment)
    }

    /// `S3` → `S3`, `sts` → `STS`, `Elastic Beanstalk` → `ELASTIC_BEANSTALK`.
    static func serviceSuffix(_ service: String) -> String {
        String(service.uppercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
    }
}
