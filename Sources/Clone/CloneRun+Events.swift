import ObjectStore
import Reporting
import Transfer

extension CloneRun {
    /// Turns transfer events into lines: mismatches on the result output, failures as errors,
    /// and by verbosity each retry and copy (1) and skip (2).
    var eventPrinter: TransferObserver {
        { [output, hints, verbosity = request.verbosity] event in
            switch event {
            case .mismatch(_, let reason, let location):
                output.output("\(location.escapedForDisplay): \(reason)")
            case .vanished(let object):
                output.detail("\(object.key.displayName): deleted from the source since it was listed; not copied")
            case .failed(_, let error):
                output.error("\(hints.describe(error)) [\(error.code)]")
            case .retrying(let object, let error, let attempt, _) where verbosity >= 1:
                output.detail("retrying \(object.key.displayName) (attempt \(attempt)): \(error.message) [\(error.code)]")
            case .copied(let object, let check) where verbosity >= 1:
                output.detail("copied \(object.key.displayName)" + (check.checksBytes ? " (\(check.label) checked)" : ""))
            case .skipped(let object, let reason) where verbosity >= 2:
                output.detail("skipped \(object.key.displayName): \(reason)")
            default:
                break
            }
        }
    }

    /// Redraws the progress line four times a second while the copy runs, when the output wants one.
    func startProgress(_ progress: TransferProgress) -> Task<Void, Never>? {
        guard output.showsProgress else { return nil }
        let clock = ContinuousClock()
        let start = clock.now
        return Task { [output] in
            while !Task.isCancelled {
                output.progress(progress.snapshot().line(elapsed: clock.now - start))
                try? await Task.sleep(for: .milliseconds(250))
            }
        }
    }
}
