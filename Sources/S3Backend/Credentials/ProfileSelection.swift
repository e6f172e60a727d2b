/// Which profile of the shared files to use, and whether someone asked for it.
///
/// `--profile` wins over `AWS_PROFILE`, which wins over `AWS_DEFAULT_PROFILE` (the AWS CLI's older
/// name); without any, the profile is `default`. A profile that was asked for must exist.
public struct ProfileSelection: Sendable, Hashable {
    /// The profile name.
    public var name: String
    /// Whether the name came from `--profile` or the environment rather than the fallback.
    public var isExplicit: Bool
    /// Whether the name came from `--profile` (which also sets aside credentials in the environment).
    public var isFromOption: Bool

    /// A selection as given.
    public init(name: String, isExplicit: Bool, isFromOption: Bool = false) {
        self.name = name
        self.isExplicit = isExplicit
        self.isFromOption = isFromOption
    }

    /// The profile for `option` (the `--profile` value, if given) and `environment`.
    public init(option: String?, environment: [String: String]) {
        if let option, !option.isEmpty {
            self.init(name: option, isExplicit: true, isFromOption: true)
        } else if let name = AWSEnvironment.value("AWS_PROFILE", in: environment)
                    ?? AWSEnvironment.value("AWS_DEFAULT_PROFILE", in: environment) {
            self.init(name: name, isExplicit: true)
        } else {
            self.init(name: "default", isExplicit: false)
        }
    }
}
