import ObjectStore
import Transfer

extension TransferReport {
    /// The end-of-run summary, two or three lines for standard error:
    /// ```
    /// copied 20000 objects (656.3 MB) in 1.23 s: 533.6 MB/s, 16260 objects/s
    /// skipped 0 (0 B already there), mismatched 0, failed 0
    /// integrity: 19980 CRC64NVME, 15 MD5 ETag, 5 by size only (the source keeps no checksum)
    /// ```
    /// The time and rates count the whole run, listing and planning included. The integrity line
    /// counts copies by the check their bytes passed, when they were checked.
    ///
    /// A shard's summary leads with its share: `shard 2/7: copied ...`.
    ///
    /// - Parameters:
    ///   - shard: the share of the selection the run took.
    ///   - replaceAdvice: appended to the line about differing objects left untouched, when the
    ///     caller can say how to replace them (the CLI names its flag).
    ///   - describe: how the error that stopped the run reads (the CLI adds its hints).
    public func summaryLines(shard: Shard = .whole, replaceAdvice: String = "",
                             describe: (ObjectStoreError) -> String = { $0.description }) -> [String] {
        let total = duration + planningDuration
        let seconds = total.seconds
        var first = (shard.isPartial ? "shard \(shard): " : "") + "copied \(copied) object\(copied == 1 ? "" : "s") (\(Formatting.bytes(copiedBytes))) in \(Formatting.duration(total))"
        if copied > 0, seconds > 0 {
            first += ": \(Formatting.rate(bytes: copiedBytes, seconds: seconds)), \(Int((Double(copied) / seconds).rounded())) objects/s"
        }
        var second = "skipped \(skipped) (\(Formatting.bytes(skippedBytes)) already there), mismatched \(mismatched), failed \(failed)"
        if unverified > 0 { second += ", unverified \(unverified) (no source checksum; compared by size)" }
        if vanished > 0 { second += ", deleted since listed \(vanished)" }
        if notAttempted > 0 { second += ", not attempted \(notAttempted)" }
        var lines = [first, second]
        if let integrity = integrityLine { lines.append(integrity) }
        if let fatal {
            lines.append("stopped: \(describe(fatal)) [\(fatal.code)]")
        } else if interrupted {
            lines.append("interrupted: nothing partial was kept; run the same command again to finish")
        } else if mismatched > 0 {
            lines.append("\(mismatched) existing object\(mismatched == 1 ? "" : "s") differ\(mismatched == 1 ? "s" : "") from the source and \(mismatched == 1 ? "was" : "were") left untouched" + replaceAdvice)
        }
        return lines
    }

    /// `integrity: 980 CRC64NVME, 20 MD5 ETag, 3 by size only (...)`, strongest check first; `nil`
    /// when copies were not counted by check.
    var integrityLine: String? {
        guard !copiesByCheck.isEmpty else { return nil }
        let parts = copiesByCheck.sorted { $0.key < $1.key }.map { check, count in
            check.checksBytes ? "\(count) \(check.label)" : "\(count) by size only (the source keeps no checksum)"
        }
        return "integrity: " + parts.joined(separator: ", ")
    }
}
