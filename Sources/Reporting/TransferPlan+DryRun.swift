import ObjectStore
import Transfer

extension TransferPlan.Item {
    /// How `--dry-run` shows this item: `copy      PATH  (missing, 1.2 kB)`, with `location` the
    /// destination path, escaped for display.
    public func dryRunLine(location: String) -> String {
        let shown = location.escapedForDisplay
        switch outcome {
        case .failed(let error):
            return "fail      \(shown)  (\(error.message)\(error.cause.map { " (\($0))" } ?? "") [\(error.code)])"
        case .decided(let decision):
            let verb: String
            switch decision.action {
            case .copy: verb = decision.reason == .missing ? "copy    " : "replace "
            case .skip: verb = "skip    "
            case .reportMismatch: verb = "mismatch"
            }
            return "\(verb)  \(shown)  (\(decision.reason), \(Formatting.bytes(source.size)))"
        }
    }
}

extension TransferPlan {
    /// What `--dry-run` prints after the items.
    public var dryRunSummary: String { dryRunSummary(shard: .whole) }

    /// What `--dry-run` prints after the items of one shard's plan: the summary, led by the
    /// shard (`shard 2/7: dry run: ...`) when it is a share of the selection.
    public func dryRunSummary(shard: Shard) -> String {
        tally.dryRunSummary(shard: shard)
    }
}

extension TransferPlan.Tally {
    /// What `--dry-run` prints after the items of a plan with these counts, led by the shard when
    /// it is a share of the selection.
    public func dryRunSummary(shard: Shard = .whole) -> String {
        (shard.isPartial ? "shard \(shard): " : "") + "dry run: would copy \(toCopy) object\(toCopy == 1 ? "" : "s") (\(Formatting.bytes(bytesToCopy))), skip \(toSkip), report \(mismatched) mismatch\(mismatched == 1 ? "" : "es"); \(failed) failed; nothing was written"
    }
}
