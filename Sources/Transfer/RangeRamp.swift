/// How many ranges of large objects a run reads at once, and how large it cuts them, found from
/// what the ranges measure rather than from a table.
///
/// **Width.** The run starts at its first width of ranges in flight (all large objects together) and
/// measures the aggregate rate (every byte the run copies, small objects' too) over windows. After
/// a change it lets one window's worth of ranges finish before measuring (those ranges started
/// under the old width), then measures while as many finish again. While a window's rate is at
/// least ``growth`` times the best so far, the width grows by half (at least 2), up to
/// ``ceiling``. The first window that does not grow that much settles it back at the best width:
/// the fewest connections that gave the best rate, since every further connection costs the
/// client, the server and anything in between CPU for each byte without adding any.
///
/// **Range size.** Each finished range measures one connection's rate (its bytes over the time
/// from its request to its last byte). A new object's ranges last about ``rangeSeconds`` at that
/// rate (a moving average): long enough that a range's request round trip is a small share of it,
/// short enough that a failed or interrupted range costs little and the last ranges of an object
/// end close together. ``TransferOptions/layout(of:rangedReads:freeSlots:rangeSize:)`` clamps it to
/// the part sizes.
///
/// A window in which no range was held back by the width (``noteHeldBack()``) decides nothing:
/// the objects in flight could not use more ranges, so a wider width would measure the same.
///
/// A pure state machine: times and byte counts come in, so it is tested without a clock.
struct RangeRamp: Sendable {
    /// The most ranges in flight it grows to.
    let ceiling: Int
    /// How much faster a window must be than the best one for the width to grow again.
    static let growth = 1.1
    /// How long a range should take at the measured per-connection rate.
    static let rangeSeconds = 0.25
    /// The weight of the newest range in the per-connection rate's moving average.
    static let rateWeight = 0.25

    /// Ranges in flight now allowed, run-wide.
    private(set) var width: Int
    /// Whether the width has stopped moving.
    private(set) var isSettled: Bool
    /// The moving average of single ranges' rates, in bytes per second; `nil` before one finished.
    private(set) var connectionRate: Double?
    /// The best window's rate (bytes per second) and the width that gave it.
    private(set) var best: (rate: Double, width: Int)?
    /// The widths tried, in order, with the rate each window measured (for the log and the tests).
    private(set) var trials: [(width: Int, rate: Double)] = []

    private enum Phase: Sendable {
        /// Ranges that must still finish before the window opens.
        case rampingIn(remaining: Int)
        /// The window opened at `since` with the run's byte count at `bytes`; `remaining` more
        /// ranges close it.
        case measuring(since: ContinuousClock.Instant, bytes: Int64, remaining: Int)
    }
    private var phase: Phase
    /// Whether a range waited for the width since the window opened.
    private var heldBack = false

    init(firstWidth: Int, ceiling: Int) {
        self.ceiling = max(1, ceiling)
        width = min(max(1, firstWidth), self.ceiling)
        isSettled = width >= self.ceiling
        phase = .rampingIn(remaining: width)
    }

    /// Notes that a range could have started but the width did not allow it.
    mutating func noteHeldBack() {
        heldBack = true
    }

    /// Takes one finished range: `bytes` read in `lasted`, finishing at `now`, when the run had
    /// copied `runBytes` in all. May move ``width``; returns whether it ended a window (the width
    /// moved or settled).
    @discardableResult
    mutating func rangeFinished(bytes: Int64, lasted: Duration, at now: ContinuousClock.Instant, runBytes: Int64) -> Bool {
        let seconds = lasted.seconds
        if seconds > 0, bytes > 0 {
            let rate = Double(bytes) / seconds
            connectionRate = connectionRate.map { $0 + Self.rateWeight * (rate - $0) } ?? rate
        }
        guard !isSettled else { return false }
        switch phase {
        case .rampingIn(let remaining):
            phase = remaining > 1 ? .rampingIn(remaining: remaining - 1) : .measuring(since: now, bytes: runBytes, remaining: width)
            if remaining <= 1 { heldBack = false }
            return false
        case .measuring(let since, let openedAt, let remaining):
            guard remaining <= 1 else {
                phase = .measuring(since: since, bytes: openedAt, remaining: remaining - 1)
                return false
            }
            let seconds = (now - since).seconds
            guard seconds > 0, heldBack else {
                // Nothing to learn from this window: measure the next one.
                phase = .measuring(since: now, bytes: runBytes, remaining: width)
                heldBack = false
                return false
            }
            return decide(rate: Double(runBytes - openedAt) / seconds)
        }
    }

    /// The end of a window that measured `rate`.
    private mutating func decide(rate: Double) -> Bool {
        trials.append((width, rate))
        let before = width
        if let best, rate < best.rate * Self.growth {
            width = best.width
            isSettled = true
        } else {
            best = (rate, width)
            width = min(ceiling, width + max(2, width / 2))
            isSettled = width == before
        }
        phase = .rampingIn(remaining: width)
        return true
    }

    /// The size of a new object's ranges at the measured per-connection rate (``rangeSeconds`` of
    /// it), before the layout clamps it to the part sizes; `nil` before any range has finished.
    var preferredRangeSize: Int64? {
        connectionRate.map { Int64(min(Double(Int64.max / 2), $0 * Self.rangeSeconds)) }
    }
}
