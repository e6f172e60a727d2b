import S3Backend
import Testing

struct ContentRangeTests {
    static let valid: [(String, ContentRange)] = [
        ("bytes 0-9/21", ContentRange(bytes: 0...9, total: 21)),
        ("bytes 0-5242879/5242881", ContentRange(bytes: 0...5_242_879, total: 5_242_881)),
        ("bytes 20-20/21", ContentRange(bytes: 20...20, total: 21)),
        ("bytes 0-9/*", ContentRange(bytes: 0...9, total: nil)),
        ("bytes */21", ContentRange(bytes: nil, total: 21)),
        ("bytes */0", ContentRange(bytes: nil, total: 0)),
        ("  bytes 1-2/3 ", ContentRange(bytes: 1...2, total: 3)),
    ]

    @Test(arguments: valid)
    func parses(text: String, range: ContentRange) {
        #expect(ContentRange(text) == range)
    }

    @Test(arguments: [
        "", "bytes", "bytes 0-9", "bytes */*", "bytes 9-0/21", "bytes 0-21/21", "bytes -1-9/21", "bytes 0-9/-21",
        "bytes 0 - 9/21", "bytes a-9/21", "Bytes 0-9/21", "bits 0-9/21", "bytes 0-99999999999999999999/*",
    ])
    func refuses(text: String) {
        #expect(ContentRange(text) == nil)
    }

    @Test func count() {
        #expect(ContentRange("bytes 0-9/21")?.count == 10)
        #expect(ContentRange("bytes */21")?.count == nil)
    }
}
