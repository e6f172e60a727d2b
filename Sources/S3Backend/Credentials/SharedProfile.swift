/// One profile of the AWS shared files: its `name = value` properties and the nested ones
/// (`s3 =` followed by indented `endpoint_url = ...` lines).
///
/// Property names are lower-cased; values are kept as written, without surrounding spaces.
public struct SharedProfile: Sendable, Hashable {
    /// The profile name (`default`, `dev`), without the config file's `profile ` prefix.
    public var name: String
    /// The properties, by lower-cased name.
    public var properties: [String: String]
    /// Nested properties, by parent name then lower-cased name.
    public var subProperties: [String: [String: String]]

    /// A profile with these properties.
    public init(name: String, properties: [String: String] = [:], subProperties: [String: [String: String]] = [:]) {
        self.name = name
        self.properties = properties
        self.subProperties = subProperties
    }

    /// The non-empty value of `property`, if any.
    public subscript(_ property: String) -> String? {
        guard let value = properties[property.lowercased()], !value.isEmpty else { return nil }
        return value
    }

    /// This profile with `other`'s properties laid over it (where both have one, `other` wins).
    func overlaid(with other: SharedProfile) -> SharedProfile {
        var merged = self
        merged.properties.merge(other.properties) { _, new in new }
        merged.subProperties.merge(other.subProperties) { old, new in old.merging(new) { _, latest in latest } }
        return merged
    }
}
