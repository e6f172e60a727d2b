import ObjectStore

/// Times an operation several times after warm-up runs, and keeps the median.
///
/// Wall time comes from `ContinuousClock`. The median, not the mean, is reported: on a shared
/// machine a run that another process interrupted is an outlier, not a sample of our speed.
struct RepeatedTiming {
    /// Untimed runs first, to fill caches and let lazy initialisation happen.
    var warmUpRuns = 3
    /// Timed runs; the median of these is the figure.
    var timedRuns = 9

    /// The durations of the timed runs, sorted, and the operations each run did.
    struct Summary {
        var sortedDurations: [Duration]
        var operationsPerRun: Int

        var median: Duration { sortedDurations[sortedDurations.count / 2] }
        var medianSeconds: Double { median.seconds }
        /// Operations per second at the median run.
        var operationsPerSecond: Double { Double(operationsPerRun) / medianSeconds }
        /// Microseconds per operation at the median run.
        var microsecondsPerOperation: Double { medianSeconds * 1e6 / Double(operationsPerRun) }
        /// The spread of the timed runs, as `min-max` per-operation microseconds.
        var microsecondsRange: String {
            let perOperation = { (duration: Duration) in duration.seconds * 1e6 / Double(operationsPerRun) }
            return "\(perOperation(sortedDurations.first!).formatted(decimals: 2))-\(perOperation(sortedDurations.last!).formatted(decimals: 2))"
        }
    }

    /// Runs `body` (which does `operationsPerRun` operations) `warmUpRuns + timedRuns` times.
    func measure(operationsPerRun: Int, _ body: () throws -> Void) rethrows -> Summary {
        let clock = ContinuousClock()
        for _ in 0..<warmUpRuns { try body() }
        var durations: [Duration] = []
        for _ in 0..<timedRuns {
            durations.append(try clock.measure(body))
        }
        return Summary(sortedDurations: durations.sorted(), operationsPerRun: operationsPerRun)
    }
}
