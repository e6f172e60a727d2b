import S3Backend

/// How fast ``S3Backend/ListObjectsV2Page/parse(_:)`` reads a full 1,000-key page.
struct ListingParseBenchmark {
    var timing = RepeatedTiming(warmUpRuns: 20, timedRuns: 15)
    /// Pages parsed per timed run, so that a run lasts long enough for the clock.
    var pagesPerRun = 50

    func run() throws -> BenchmarkResult {
        let objects = SyntheticBucket(pageCount: 1).page(0)
        let body = ListingPageXML.render(objects, isTruncated: true)
        // Check once, outside the timing, that the page reads back as written.
        let check = try ListObjectsV2Page.parse(body)
        // (Times are left out: a formatter may round the milliseconds.)
        let parsed = check.objects.map { [$0.key.rawValue, String($0.size), $0.md5?.hex ?? ""] }
        let written = objects.map { [$0.key.rawValue, String($0.size), $0.md5?.hex ?? ""] }
        precondition(parsed == written, "the generated page does not parse back to its objects")

        var keysSeen = 0
        let summary = try timing.measure(operationsPerRun: pagesPerRun) {
            for _ in 0..<pagesPerRun {
                keysSeen &+= try ListObjectsV2Page.parse(body).contents.count
            }
        }
        precondition(keysSeen > 0)
        let pagesPerSecond = summary.operationsPerSecond
        let keysPerSecond = pagesPerSecond * Double(objects.count)
        return BenchmarkResult(
            benchmark: "list-parse",
            summary: "\(pagesPerSecond.formatted(decimals: 0)) pages/s, \(keysPerSecond.formatted(decimals: 0)) keys/s, "
                + "\(summary.microsecondsPerOperation.formatted(decimals: 1)) µs/page (\(objects.count) keys, \(body.count) bytes; "
                + "median of \(timing.timedRuns), range \(summary.microsecondsRange) µs)",
            figures: [
                .init(name: "pages_per_second", value: pagesPerSecond, unit: "1/s"),
                .init(name: "keys_per_second", value: keysPerSecond, unit: "1/s"),
                .init(name: "microseconds_per_page", value: summary.microsecondsPerOperation, unit: "µs"),
            ])
    }
}
