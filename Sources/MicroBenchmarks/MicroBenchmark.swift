/// One benchmark the command can run by name.
struct MicroBenchmark: Sendable {
    var name: String
    /// What it measures, for `--list`.
    var summary: String
    var run: @Sendable () async throws -> BenchmarkResult

    /// Every benchmark, in the order they run when none is named.
    static let all: [MicroBenchmark] = [
        MicroBenchmark(name: "sigv4-sign", summary: "SigV4 signatures of a GetObject request per second") {
            SigningBenchmark().run()
        },
        MicroBenchmark(name: "list-parse", summary: "ListObjectsV2 1,000-key pages parsed per second") {
            try ListingParseBenchmark().run()
        },
        MicroBenchmark(name: "checksums", summary: "GB/s of each of S3's checksum algorithms and MD5 on one core") {
            ChecksumBenchmark().run()
        },
    ] + PlanningBenchmark.Destination.allCases.map { destination in
        let benchmark = PlanningBenchmark(destination: destination)
        return MicroBenchmark(
            name: benchmark.name,
            summary: "TransferPlanner.makePlan() for 1,000,000 listed objects, empty \(destination.rawValue) destination: seconds and peak RSS"
        ) {
            try await benchmark.run()
        }
    } + [(1000, false), (1000, true), (10_000, true)].map { pages, spills in
        let benchmark = StreamingQueueBenchmark(pageCount: pages, spills: spills)
        return MicroBenchmark(name: benchmark.name, summary: benchmark.summary) { try await benchmark.run() }
    } + [StreamingQueueBenchmark(pageCount: 10_000, spills: true, dryRun: true)].map { benchmark in
        MicroBenchmark(name: benchmark.name, summary: benchmark.summary) { try await benchmark.run() }
    }
}
