/// How many requests may be in flight: a fixed number (`--workers` given), or a number that grows
/// past its starting point while doing so does not slow requests down; either way halved when the
/// source throttles, and grown back slowly.
///
/// The adaptive limit watches each request's time to first byte. While the limit is what holds
/// work back and the mean time to first byte of a window stays within 20% of the best window seen,
/// the client, the server and the network have room: the limit grows by a quarter. When the mean
/// rises past 50% above the best, requests are queueing somewhere (CPU, server, link): the limit
/// shrinks by an eighth, never below where it started. On a far link (tens of milliseconds) this
/// climbs until the machine is busy; on loopback, where the CPU is the bottleneck from the start,
/// it stays near the starting point.
///
/// Throttling (503 SlowDown, 429) overrides both modes: the limit halves (down to 1), at most once
/// per window (the limit's worth of finished copies), so that the requests already in flight when
/// the service first complained do not halve it again and again. From then on it grows by one per
/// window without throttling, up to ``maximum`` (a fixed limit's `--workers` stays the cap), and
/// the latency rule no longer raises it: additive increase, multiplicative decrease, as TCP does.
public struct ConcurrencyLimit: Hashable, Sendable {
    /// The limit now.
    public private(set) var current: Int
    /// Where it started: the least that latency alone takes it down to (throttling goes lower).
    public let minimum: Int
    /// The most it goes up to (`--workers` when fixed).
    public let maximum: Int
    /// Whether the latency rule moves it (adaptive mode); throttling moves either kind.
    public let isAdaptive: Bool
    /// How many times throttling has lowered it.
    public private(set) var throttleDecreases = 0

    private var samples = 0
    private var latencySum: Duration = .zero
    private var wasBinding = false
    private var bestMean: Duration?
    /// Copies finished since the last decrease for throttling (or since the start).
    private var finishedSinceDecrease = 0
    /// Copies finished since the limit last grew back after throttling.
    private var finishedSinceGrowth = 0

    /// A limit that does not change unless the source throttles.
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
        self.isAdaptive = self.maximum > self.minimum
        self.finishedSinceDecrease = self.current
    }

    /// Notes that work was waiting because the limit was reached.
    mutating func noteBinding() {
        wasBinding = true
    }

    /// Notes that the source asked to slow down: halves the limit, unless it was already halved
    /// less than a window ago.
    mutating func noteThrottled() {
        guard finishedSinceDecrease >= current else { return }
        current = max(1, current / 2)
        throttleDecreases += 1
        finishedSinceDecrease = 0
        finishedSinceGrowth = 0
        samples = 0
        latencySum = .zero
    }

    /// Takes one finished copy, with its time to first byte when it had one: after throttling it
    /// may grow the limit back by one; otherwise, at the end of a window of samples (the limit's
    /// worth), the latency rule may move it.
    mutating func noteFinished(firstByteAfter latency: Duration?) {
        finishedSinceDecrease += 1
        if throttleDecreases > 0 {
            finishedSinceGrowth += 1
            if finishedSinceGrowth >= current, current < maximum {
                current += 1
                finishedSinceGrowth = 0
            }
            return
        }
        if let latency { record(firstByteAfter: latency) }
    }

    /// Takes one request's time to first byte; at the end of a window (the limit's worth of
    /// samples) it may move the limit.
    mutating func record(firstByteAfter latency: Duration) {
        guard isAdaptive, throttleDecreases == 0 else { return }
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
