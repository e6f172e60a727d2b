import Reporting
import Testing

@Suite("Formatting: numbers for people")
struct FormattingTests {
    @Test("bytes in decimal units, one decimal past a kilobyte", arguments: [
        (Int64(0), "0 B"), (999, "999 B"), (1000, "1.0 kB"), (1500, "1.5 kB"), (656_300_000, "656.3 MB"),
        (1_249_000_000, "1.2 GB"), (3_000_000_000_000_000_000, "3000.0 PB"),
    ])
    func bytes(_ count: Int64, _ expected: String) {
        #expect(Formatting.bytes(count) == expected)
    }

    @Test("durations: two decimals under 10 s, one under a minute, then a clock")
    func durations() {
        #expect(Formatting.duration(.milliseconds(1234)) == "1.23 s")
        #expect(Formatting.duration(.milliseconds(12_345)) == "12.3 s")
        #expect(Formatting.duration(.seconds(125)) == "2:05")
        #expect(Formatting.duration(.seconds(3725)) == "1:02:05")
        #expect(Formatting.clock(42) == "0:42")
        #expect(Formatting.clock(36_000) == "10:00:00")
    }

    @Test("a rate needs time to have passed")
    func rates() {
        #expect(Formatting.rate(bytes: 120_000_000, seconds: 1) == "120.0 MB/s")
        #expect(Formatting.rate(bytes: 5, seconds: 0) == "-")
    }
}
