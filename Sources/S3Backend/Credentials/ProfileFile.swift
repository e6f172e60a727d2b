import ObjectStore

/// One parsed AWS shared file (`~/.aws/credentials` or `~/.aws/config`).
///
/// The format is the one the AWS SDKs share: `[section]` lines, `name = value` properties,
/// whole-line comments starting with `#` or `;`, inline comments after whitespace, and indented
/// lines that either continue a value or, under a property with an empty value, nest properties.
/// In the credentials file every section is a profile. In the config file profiles are
/// `[default]` and `[profile NAME]`; `[services NAME]` sections hold per-service settings;
/// any other section is ignored, as the SDKs do.
struct ProfileFile: Sendable, Hashable {
    enum Kind: Sendable { case credentials, config }

    /// Profiles by name.
    var profiles: [String: SharedProfile] = [:]
    /// `[services NAME]` sections by name, each kept as a ``SharedProfile`` whose sub-properties
    /// are the services (`s3`, `sts`).
    var services: [String: SharedProfile] = [:]

    /// Parses `text`.
    ///
    /// - Parameter displayPath: how errors name the file (`~/.aws/config`).
    /// - Throws: ``ObjectStore/ObjectStoreError`` `misconfigured` for a line that is not a section,
    ///   a property, a comment or a continuation. The message gives the line number but never the
    ///   line, which may hold a secret.
    static func parse(_ text: String, kind: Kind, displayPath: String) throws -> ProfileFile {
        var parser = Parser(kind: kind, displayPath: displayPath)
        var number = 0
        // "\r\n" is one Character in Swift, so both line ends are named.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            try parser.consume(line, number: number)
        }
        return parser.file
    }
}

extension ProfileFile {
    /// Where a section's properties go.
    private enum Target {
        case profile(String)
        case services(String)
        case ignored
    }

    private struct Parser {
        let kind: Kind
        let displayPath: String
        var file = ProfileFile()
        var target: Target?
        /// The last property read in the current section, for continuation lines.
        var lastProperty: String?
        /// Whether `lastProperty` had an empty value (so indented lines nest under it).
        var lastPropertyIsParent = false

        init(kind: Kind, displayPath: String) {
            self.kind = kind
            self.displayPath = displayPath
        }

        mutating func consume(_ line: Substring, number: Int) throws {
            let trimmed = line.trimmingSpaces
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { return }
            if trimmed.hasPrefix("[") {
                try startSection(trimmed, number: number)
            } else if line.first?.isWhitespace == true, lastProperty != nil {
                try continueProperty(trimmed, number: number)
            } else {
                try addProperty(trimmed, number: number)
            }
        }

        private mutating func startSection(_ line: Substring, number: Int) throws {
            guard let close = line.firstIndex(of: "]") else { throw failure(number, "a section name is missing its ']'") }
            let rest = line[line.index(after: close)...].trimmingSpaces
            guard rest.isEmpty || rest.hasPrefix("#") || rest.hasPrefix(";") else {
                throw failure(number, "unexpected text after a section name")
            }
            let name = line[line.index(after: line.startIndex)..<close].trimmingSpaces
            guard !name.isEmpty else { throw failure(number, "empty section name") }
            target = Self.target(for: name, kind: kind)
            lastProperty = nil
        }

        private static func target(for section: Substring, kind: Kind) -> Target {
            if kind == .credentials { return .profile(String(section)) }
            if section == "default" { return .profile("default") }
            for (prefix, make) in [("profile", Target.profile), ("services", Target.services)] {
                guard section.hasPrefix(prefix) else { continue }
                let rest = section.dropFirst(prefix.count)
                guard rest.first?.isWhitespace == true else { continue }
                let name = rest.trimmingSpaces
                return name.isEmpty ? .ignored : make(String(name))
            }
            return .ignored
        }

        private mutating func addProperty(_ line: Substring, number: Int) throws {
            guard let equals = line.firstIndex(of: "=") else { throw failure(number, "expected 'name = value'") }
            guard let target else { throw failure(number, "a property comes before any [section]") }
            let name = line[..<equals].trimmingSpaces.lowercased()
            guard !name.isEmpty else { throw failure(number, "a property has no name") }
            let value = Self.stripInlineComment(line[line.index(after: equals)...]).trimmingSpaces
            lastProperty = name
            lastPropertyIsParent = value.isEmpty
            update(target) { $0.properties[name] = String(value) }
        }

        private mutating func continueProperty(_ line: Substring, number: Int) throws {
            guard let target, let parent = lastProperty else { throw failure(number, "unexpected indented line") }
            if lastPropertyIsParent {
                guard let equals = line.firstIndex(of: "=") else { throw failure(number, "expected 'name = value'") }
                let name = line[..<equals].trimmingSpaces.lowercased()
                guard !name.isEmpty else { throw failure(number, "a property has no name") }
                let value = Self.stripInlineComment(line[line.index(after: equals)...]).trimmingSpaces
                update(target) { $0.subProperties[parent, default: [:]][name] = String(value) }
            } else {
                let more = Self.stripInlineComment(line).trimmingSpaces
                update(target) { $0.properties[parent, default: ""] += "\n" + more }
            }
        }

        private mutating func update(_ target: Target, _ change: (inout SharedProfile) -> Void) {
            switch target {
            case .profile(let name):
                change(&file.profiles[name, default: SharedProfile(name: name)])
            case .services(let name):
                change(&file.services[name, default: SharedProfile(name: name)])
            case .ignored:
                break
            }
        }

        /// Drops a `#` or `;` comment that follows whitespace.
        private static func stripInlineComment(_ text: Substring) -> Substring {
            var previous: Character = " "
            for index in text.indices {
                let character = text[index]
                if (character == "#" || character == ";") && previous.isWhitespace && index != text.startIndex {
                    return text[..<index]
                }
                previous = character
            }
            return text
        }

        private func failure(_ number: Int, _ problem: String) -> ObjectStoreError {
            ObjectStoreError(.misconfigured, "\(displayPath) line \(number): \(problem)")
        }
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result.removeFirst() }
        while let last = result.last, last == " " || last == "\t" { result.removeLast() }
        return result
    }
}
