import FoundationEssentials

/// Parsing the times credential sources give (`2024-01-02T03:04:05Z`, with or without fractional
/// seconds, with `Z` or an offset).
enum ISO8601Time {
    static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingWhitespace()
        return try? Date(trimmed, strategy: .iso8601)
    }
}
