import Logging
import Synchronization

/// The run's ranged requests in flight, held to the width its ``RangeRamp`` finds: every large
/// object read as ranges asks here before it starts another range and reports each range it
/// finishes. One per engine (its runs share what was measured), safe from any task.
final class RangeBudget: Sendable {
    private struct State {
        var ramp: RangeRamp
        var inFlight = 0
        var mostInFlight = 0
    }
    private let state: Mutex<State>
    private let logger: Logger

    init(firstWidth: Int, ceiling: Int, logger: Logger) {
        state = Mutex(State(ramp: RangeRamp(firstWidth: firstWidth, ceiling: ceiling)))
        self.logger = logger
    }

    /// Takes a place for one more range, if the width allows it; an object with no range in flight
    /// (`isFirst`) always gets one, so that none waits for another object's ranges to end.
    func tryStart(isFirst: Bool) -> Bool {
        state.withLock { state in
            guard isFirst || state.inFlight < state.ramp.width else {
                state.ramp.noteHeldBack()
                return false
            }
            state.inFlight += 1
            state.mostInFlight = max(state.mostInFlight, state.inFlight)
            return true
        }
    }

    /// Gives back the place of a range that ended; `bytes` and `lasted` are what it read and how
    /// long it took (`nil`: it failed), `runBytes` what the run has copied so far.
    func finished(bytes: Int64?, lasted: Duration, runBytes: Int64) {
        let moved: RangeRamp? = state.withLock { state in
            state.inFlight -= 1
            guard let bytes else { return nil }
            return state.ramp.rangeFinished(bytes: bytes, lasted: lasted, at: .now, runBytes: runBytes) ? state.ramp : nil
        }
        guard let ramp = moved else { return }
        logger.debug("ranges in flight", metadata: [
            "width": "\(ramp.width)", "settled": "\(ramp.isSettled)",
            "trials": "\(ramp.trials.map { "\($0.width): \(Int($0.rate / 1e6)) MB/s" }.joined(separator: ", "))",
        ])
    }

    /// The ranges in flight the run has come to: the width, or fewer when the objects never used
    /// that many at once; 0 while no range has started.
    var rangesInFlight: Int {
        state.withLock { min($0.ramp.width, $0.mostInFlight) }
    }

    /// The range size a new object's layout starts from (``RangeRamp/preferredRangeSize``).
    var preferredRangeSize: Int64? {
        state.withLock { $0.ramp.preferredRangeSize }
    }
}
