import Foundation
import S3Backend
import Testing

struct S3TimestampTests {
    static let iso: [(String, Double)] = [
        ("2014-11-21T19:40:05.000Z", 1_416_598_805),
        ("2014-11-21T19:40:05Z", 1_416_598_805),
        ("2014-11-21T19:40:05.5Z", 1_416_598_805.5),
        ("2014-11-21T19:40:05.123456789Z", 1_416_598_805.123456789),
        ("2014-11-21t19:40:05z", 1_416_598_805),
        ("2014-11-21T21:40:05+02:00", 1_416_598_805),
        ("2014-11-21T17:10:05-0230", 1_416_598_805),
        ("1970-01-01T00:00:00Z", 0),
        ("1969-12-31T23:59:59Z", -1),
        ("2000-02-29T00:00:00Z", 951_782_400),
        ("2024-02-29T12:00:00.000Z", 1_709_208_000),
        ("2025-11-25T10:15:30Z", 1_764_065_730),
    ]

    @Test(arguments: iso)
    func parsesISO8601(text: String, seconds: Double) throws {
        let date = try #require(S3Timestamp.parseISO8601(text))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 1e-6)
    }

    @Test(arguments: [
        "", "2014-11-21", "2014-11-21T19:40:05", "2014-11-21 19:40:05Z", "2014-13-01T00:00:00Z",
        "2014-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2014-11-31T00:00:00Z", "2014-11-21T24:00:00Z",
        "2014-11-21T19:60:05Z", "2014-11-21T19:40:05.Z", "2014-11-21T19:40:05ZZ", "2014-11-21T19:40:05+2:00",
        "20251125T095500Z", "yesterday at noon Z",
    ])
    func refusesISO8601(text: String) {
        #expect(S3Timestamp.parseISO8601(text) == nil)
    }

    static let http: [(String, Double)] = [
        ("Wed, 15 Jan 2025 12:00:00 GMT", 1_736_942_400),
        ("Thu, 02 Mar 2023 08:11:47 GMT", 1_677_744_707),
        ("Sat, 03 Feb 2018 04:05:06 GMT", 1_517_630_706),
        ("Tue, 25 Nov 2025 10:15:30 GMT", 1_764_065_730),
        ("Thu, 01 Jan 1970 00:00:00 GMT", 0),
    ]

    @Test(arguments: http)
    func parsesHTTPDate(text: String, seconds: Double) {
        #expect(S3Timestamp.parseHTTPDate(text)?.timeIntervalSince1970 == seconds)
    }

    @Test(arguments: [
        "", "Wed, 15 Jan 2025 12:00:00 UTC", "Wed, 15 Foo 2025 12:00:00 GMT", "Wed, 32 Jan 2025 12:00:00 GMT",
        "Wednesday, 15-Jan-25 12:00:00 GMT", "Wed Jan 15 12:00:00 2025", "Wed, 15 Jan 2025 12:00 GMT",
        "2025-01-15T12:00:00Z",
    ])
    func refusesHTTPDate(text: String) {
        #expect(S3Timestamp.parseHTTPDate(text) == nil)
    }
}
