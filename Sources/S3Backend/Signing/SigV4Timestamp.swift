import FoundationEssentials

/// A moment in the two UTC forms SigV4 uses: `20130524T000000Z` and `20130524`.
///
/// Computed with integer calendar arithmetic instead of a `DateFormatter`, so it needs no locale,
/// no time zone database and no lock, and cannot be affected by the user's settings.
struct SigV4Timestamp: Sendable, Hashable {
    /// `YYYYMMDD'T'HHMMSS'Z'`, for `X-Amz-Date` and the string to sign.
    let amzDate: String
    /// `YYYYMMDD`, for the credential scope.
    let dateStamp: String

    init(_ date: Date) {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let (days, secondOfDay) = Self.floorDivision(seconds, 86_400)
        let (year, month, day) = Self.civilDate(daysSinceEpoch: days)
        let stamp = Self.digits(year, 4) + Self.digits(month, 2) + Self.digits(day, 2)
        dateStamp = stamp
        amzDate = stamp + "T" + Self.digits(secondOfDay / 3600, 2) + Self.digits(secondOfDay / 60 % 60, 2)
            + Self.digits(secondOfDay % 60, 2) + "Z"
    }

    /// The proleptic Gregorian (year, month, day) of a count of days since 1970-01-01.
    ///
    /// The days are counted from 0000-03-01 so that the leap day ends each 400-year era's years,
    /// which makes the month lengths a fixed pattern.
    private static func civilDate(daysSinceEpoch: Int64) -> (Int64, Int64, Int64) {
        let shifted = daysSinceEpoch + 719_468
        let (era, dayOfEra) = floorDivision(shifted, 146_097)
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let remainder = value % divisor
        return remainder < 0 ? (value / divisor - 1, remainder + divisor) : (value / divisor, remainder)
    }

    private static func digits(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
