import Foundation

/// The resident memory of this process, from `/proc/self/status`.
///
/// `VmHWM` is the peak resident set size since the process started: a benchmark that wants its
/// own peak must run in a process of its own (``BenchmarkCommand`` arranges that).
struct MemoryUsage: Sendable {
    /// The current resident set size (`VmRSS`), in bytes.
    var residentBytes: Int
    /// The peak resident set size (`VmHWM`), in bytes.
    var peakResidentBytes: Int

    /// Reads both figures now; zero for a figure the system does not report.
    static func current() -> MemoryUsage {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        return MemoryUsage(residentBytes: kilobytes(of: "VmRSS:", in: status) * 1024,
                           peakResidentBytes: kilobytes(of: "VmHWM:", in: status) * 1024)
    }

    private static func kilobytes(of field: String, in status: String) -> Int {
        for line in status.split(separator: "\n") where line.hasPrefix(field) {
            let number = line.dropFirst(field.count).filter(\.isNumber)
            return Int(number) ?? 0
        }
        return 0
    }
}

extension Int {
    /// Bytes as MiB, one decimal.
    var mebibytes: String { (Double(self) / 1_048_576).formatted(decimals: 1) }
}
