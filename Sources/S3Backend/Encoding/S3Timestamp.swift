import FoundationEssentials

/// The two timestamp forms S3 writes: ISO 8601 in XML bodies (`2014-11-21T19:40:05.000Z`) and the
/// HTTP date in headers (`Wed, 15 Jan 2025 12:00:00 GMT`). The one ISO 8601 parser of the package:
/// the credential sources' `Expiration` times (STS, container, instance metadata, `credential_process`)
/// go through it too.
///
/// Hand-written rather than `ISO8601DateFormatter`/`DateFormatter`: a listing page holds a
/// thousand timestamps, and the formatters are slow, locale-sensitive and not `Sendable`.
public enum S3Timestamp {
    /// Parses `YYYY-MM-DDTHH:MM:SS`, optionally followed by a fraction of any length, then `Z` or a
    /// `+HH:MM`/`-HH:MM`/`+HHMM` offset.
    ///
    /// - Returns: `nil` for anything else, or for an impossible date (month 13, February 30).
    public static func parseISO8601(_ text: some StringProtocol) -> Date? {
        parseISO8601(bytes: Array(text.utf8))
    }

    /// Parses an IMF-fixdate (RFC 9110), the only form S3 sends: `Wed, 15 Jan 2025 12:00:00 GMT`.
    ///
    /// The day name is checked for shape but not against the date.
    /// - Returns: `nil` for anything else.
    public static func parseHTTPDate(_ text: some StringProtocol) -> Date? {
        let bytes = Array(text.utf8)
        // "Wed, 15 Jan 2025 12:00:00 GMT"
        guard bytes.count == 29, bytes[3] == comma, bytes[4] == space, bytes[7] == space, bytes[11] == space,
              bytes[16] == space, bytes[19] == colon, bytes[22] == colon, bytes[25] == space,
              bytes[26...28].elementsEqual("GMT".utf8), bytes[0..<3].allSatisfy(isLetter)
        else { return nil }
        let monthName = bytes[8..<11]
        guard let monthIndex = months.firstIndex(where: { monthName.elementsEqual($0.utf8) }),
              let day = number(bytes, 5..<7), let year = number(bytes, 12..<16),
              let hour = number(bytes, 17..<19), let minute = number(bytes, 20..<22), let second = number(bytes, 23..<25)
        else { return nil }
        return date(year: year, month: monthIndex + 1, day: day, hour: hour, minute: minute, second: second,
                     fraction: 0, offsetSeconds: 0)
    }

    /// ``parseISO8601(_:)`` on UTF-8 bytes, as they come out of the XML scanner.
    static func parseISO8601(bytes: [UInt8]) -> Date? {
        guard bytes.count >= 20, bytes[4] == dash, bytes[7] == dash, bytes[10] == UInt8(ascii: "T")
            || bytes[10] == UInt8(ascii: "t"), bytes[13] == colon, bytes[16] == colon,
            let year = number(bytes, 0..<4), let month = number(bytes, 5..<7), let day = number(bytes, 8..<10),
            let hour = number(bytes, 11..<13), let minute = number(bytes, 14..<16), let second = number(bytes, 17..<19)
        else { return nil }
        var index = 19
        var fraction = 0.0
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            // Whole digits over a power of ten, so `.123` is the Double nearest 0.123.
            var numerator = 0
            var denominator = 1
            let start = index
            while index < bytes.count, let digit = digitValue(bytes[index]) {
                if denominator < 1_000_000_000 {
                    numerator = numerator * 10 + digit
                    denominator *= 10
                }
                index += 1
            }
            guard index > start else { return nil }
            fraction = Double(numerator) / Double(denominator)
        }
        guard index < bytes.count else { return nil }
        var offset = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), dash:
            let sign = bytes[index] == dash ? -1 : 1
            let rest = bytes.count - index - 1
            guard rest == 5 || rest == 4, let hours = number(bytes, index + 1..<index + 3), hours < 24 else { return nil }
            let minutesStart = rest == 5 ? index + 4 : index + 3
            guard rest == 4 || bytes[index + 3] == colon, let minutes = number(bytes, minutesStart..<minutesStart + 2),
                  minutes < 60
            else { return nil }
            offset = sign * (hours * 3600 + minutes * 60)
            index = bytes.count
        default:
            return nil
        }
        guard index == bytes.count else { return nil }
        return date(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                    fraction: fraction, offsetSeconds: offset)
    }

    /// The instant of a civil date and time at a UTC offset, or `nil` when a field is out of range.
    private static func date(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int,
                             fraction: Double, offsetSeconds: Int) -> Date? {
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour < 24, minute < 60, second <= 60
        else { return nil }
        let seconds = daysSinceEpoch(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
            - offsetSeconds
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (H. Hinnant's
    /// `days_from_civil`).
    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The decimal number written in `bytes[range]`, digits only.
    private static func number(_ bytes: [UInt8], _ range: Range<Int>) -> Int? {
        guard range.upperBound <= bytes.count else { return nil }
        var value = 0
        for index in range {
            guard let digit = digitValue(bytes[index]) else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    private static func digitValue(_ byte: UInt8) -> Int? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    private static let dash = UInt8(ascii: "-")
    private static let colon = UInt8(ascii: ":")
    private static let comma = UInt8(ascii: ",")
    private static let space = UInt8(ascii: " ")
}
