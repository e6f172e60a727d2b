import Foundation
@testable import S3Backend
import Testing

struct SigV4TimestampTests {
    @Test(arguments: [
        (0.0, "19700101T000000Z"),
        (0.999, "19700101T000000Z"),
        (-1.0, "19691231T235959Z"),
        (-0.5, "19691231T235959Z"),
        (951_782_400, "20000229T000000Z"),
        (951_827_696, "20000229T123456Z"),
        (1_369_353_600, "20130524T000000Z"),
        (1_440_938_160, "20150830T123600Z"),
        (4_107_542_399, "21000228T235959Z"),
        (4_107_542_400, "21000301T000000Z"),
        (-2_203_891_200, "19000301T000000Z"),
        (253_402_300_799, "99991231T235959Z"),
    ])
    func formats(secondsSince1970: Double, amzDate: String) {
        let timestamp = SigV4Timestamp(Date(timeIntervalSince1970: secondsSince1970))
        #expect(timestamp.amzDate == amzDate)
        #expect(timestamp.dateStamp == String(amzDate.prefix(8)))
    }

    /// Every day of several years, leap and not, agrees with the Gregorian calendar.
    @Test func agreesWithFoundationForManyDays() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        for day in stride(from: -800, to: 60_000, by: 7) {
            let date = Date(timeIntervalSince1970: Double(day) * 86_400 + 45_296)
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            let expected = String(format: "%04d%02d%02dT123456Z", parts.year!, parts.month!, parts.day!)
            #expect(SigV4Timestamp(date).amzDate == expected)
        }
    }
}
