/// What one benchmark measured: a stable one-line summary and the same figures as named numbers.
struct BenchmarkResult: Encodable, Sendable {
    /// One measured quantity, such as `signatures_per_second`.
    struct Figure: Encodable, Sendable {
        var name: String
        var value: Double
        var unit: String
    }

    /// The benchmark's name, as given on the command line.
    var benchmark: String
    /// The line printed for a person: the name, then the figures that matter, always in one order.
    var summary: String
    var figures: [Figure]

    /// The line as printed: the name padded so that several results line up.
    var line: String {
        benchmark.padding(toLength: 22, withPad: " ", startingAt: 0) + summary
    }
}
