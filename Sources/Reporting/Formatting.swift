import ObjectStore

/// Number formats for people: the summary, the progress line and the dry-run listing.
public enum Formatting {
    /// `0 B`, `999 B`, `1.5 kB`, `656.3 MB`, `1.2 GB` (decimal units, as disks and networks count).
    public static func bytes(_ count: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB", "PB"]
        var value = Double(count)
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        if unit == 0 { return "\(count) B" }
        return "\(oneDecimal(value)) \(units[unit])"
    }

    /// `1.23 s`, `12.3 s`, `2:05`, `1:02:05`.
    public static func duration(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        if seconds < 10 { return "\(twoDecimals(seconds)) s" }
        if seconds < 60 { return "\(oneDecimal(seconds)) s" }
        return clock(Int(seconds.rounded()))
    }

    /// `0:42`, `12:05`, `1:02:05`.
    public static func clock(_ totalSeconds: Int) -> String {
        let hours = totalSeconds / 3600, minutes = totalSeconds / 60 % 60, seconds = totalSeconds % 60
        let mmss = (hours > 0 && minutes < 10 ? "0" : "") + "\(minutes):" + (seconds < 10 ? "0" : "") + "\(seconds)"
        return hours > 0 ? "\(hours):\(mmss)" : mmss
    }

    /// A rate per second, `bytes / seconds`, as `12.3 MB/s`.
    public static func rate(bytes: Int64, seconds: Double) -> String {
        guard seconds > 0 else { return "-" }
        return Formatting.bytes(Int64(Double(bytes) / seconds)) + "/s"
    }

    static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    static func twoDecimals(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }
}
