/// How many requests may be in flight: a fixed number (`--workers` given), or a number that grows
/// past its starting point while doing so does not slow requests down.
///
/// The adaptive limit watches each request's time to first byte. While the limit is what holds
/// work back and the mean time to first byte of a window stays within 20% of the best window seen,
/// the client, the server and the network have room: the limit grows by a quarter. When the mean
/// rises past 50% above the best, requests are queueing somewhere (CPU, server, link): the limit
/// shrinks by an eighth, never below where it started. On a far link (tens of milliseconds) this
/// climbs until the machine is busy; on loopback, where the CPU is the bottleneck from the start,
/// it stays near the starting point.
public struct ConcurrencyLimit: Hashable, Sendable {
    /// The limit now.
    public private(set) var current: Int
    /// The least the limit goes down to (where it started).
    public let minimum: Int
    /// The most it goes up to (`--workers` when fixed).
    public let maximum: Int

    private var samples = 0
    private var latencySum: Duration = .zero
    private var wasBinding = false
    private var bestMean: Duration?

    /// A limit that never changes.
    public static func fixed(_ value: Int) -> ConcurrencyLimit {
        ConcurrencyLimit(start: value, maximum: value)
    }

    /// A limit that starts at `start` and may grow up to `maximum`.
    public static func adaptive(start: Int, maximum: Int) -> ConcurrencyLimit {
        ConcurrencyLimit(start: start, maximum: maximum)
    }

    private init(start: Int, maximum: Int) {
        self.current = max(1, start)
        self.minimum = max(1, start)
        self.maximum = max(self.current, maximum)
    }

    /// Whether the limit can change at all.
    public var isAdaptive: Bool { maximum > minimum }

    /// Notes that work was waiting because the limit was reached.
    mutating func noteBinding() {
        wasBinding = true
    }

    /// Takes one request's time to first byte; at the end of a window (the limit's worth of
    /// samples) it may move the limit.
    mutating func record(firstByteAfter latency: Duration) {
        guard isAdaptive else { return }
        samples += 1
        latencySum += latency
        guard samples >= current else { return }
        let mean = latencySum / samples
        samples = 0
        latencySum = .zero
        let best = min(bestMean ?? mean, mean)
        bestMean = best
        if wasBinding, mean <= best * 1.2 {
            current = min(maximum, current + max(1, current / 4))
        } else if mean > best * 1.5 {
            current = max(minimum, current - max(1, current / 8))
        }
        wasBinding = false
    }
}
