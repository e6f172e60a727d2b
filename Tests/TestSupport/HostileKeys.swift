import Foundation

/// The rows of `Tests/Fixtures/hostile-keys.txt`.
public struct HostileKey: Sendable, CustomStringConvertible {
    public var key: String
    public var category: String
    public var expected: String

    /// Whether the fixture says the key must be refused.
    public var mustReject: Bool { expected.hasPrefix("REJECT") }

    public var description: String { "\(category): \(key.debugDescription)" }

    /// Every row of the fixture, keys decoded from their JSON string literals.
    public static func all(fixturesPath: String = fixturesDirectory) -> [HostileKey] {
        let text = try! String(contentsOfFile: fixturesPath + "/hostile-keys.txt", encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count >= 4 else { return nil }
            let key = try! JSONDecoder().decode(String.self, from: Data(columns[0].utf8))
            return HostileKey(key: key, category: String(columns[1]), expected: String(columns[3]))
        }
    }

    /// `Tests/Fixtures` of this package.
    public static var fixturesDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").path
    }
}
