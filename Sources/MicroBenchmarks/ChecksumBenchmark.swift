import Digests
import ObjectStore

/// How fast ``Digests/ChecksumHasher`` checks bytes in each of S3's checksum algorithms (and MD5,
/// the ETag's): one 8 MiB buffer, fed in 256 KiB pieces as a download's receive buffers arrive,
/// so the figures are the hashing alone, from cache, on one core.
struct ChecksumBenchmark {
    var timing = RepeatedTiming(warmUpRuns: 2, timedRuns: 7)
    var bufferSize = 8 << 20
    var pieceSize = 256 << 10

    func run() -> BenchmarkResult {
        var random = SeededGenerator(seed: 42)
        let data = (0..<bufferSize).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        var figures: [BenchmarkResult.Figure] = []
        var parts: [String] = []
        for algorithm in ChecksumAlgorithm.allCases {
            var sink = 0
            let summary = timing.measure(operationsPerRun: 1) {
                var hasher = ChecksumHasher(algorithm)
                feed(data) { hasher.update($0) }
                sink &+= Int(hasher.finalize()[0])
            }
            precondition(sink >= 0)
            record(algorithm.rawValue, summary, into: &figures, &parts)
        }
        let md5 = timing.measure(operationsPerRun: 1) {
            let hasher = MD5Hasher()
            feed(data) { hasher.update($0) }
            _ = hasher.finalize()
        }
        record("MD5", md5, into: &figures, &parts)
        let paths = ChecksumHasher.accelerated
        return BenchmarkResult(
            benchmark: "checksums",
            summary: parts.joined(separator: ", ") + " (GB/s, median of \(timing.timedRuns) runs over \(bufferSize >> 20) MiB; "
                + "accelerated CRC32C \(paths.crc32c ? "yes" : "no"), CRC64NVME \(paths.crc64nvme ? (paths.wideCRC64NVME ? "yes, 512-bit" : "yes") : "no"))",
            figures: figures)
    }

    private func feed(_ data: [UInt8], _ update: (UnsafeRawBufferPointer) -> Void) {
        data.withUnsafeBytes { buffer in
            for start in stride(from: 0, to: buffer.count, by: pieceSize) {
                update(UnsafeRawBufferPointer(rebasing: buffer[start..<min(start + pieceSize, buffer.count)]))
            }
        }
    }

    private func record(_ name: String, _ summary: RepeatedTiming.Summary, into figures: inout [BenchmarkResult.Figure], _ parts: inout [String]) {
        let gigabytesPerSecond = Double(bufferSize) / summary.medianSeconds / 1e9
        figures.append(.init(name: name.lowercased() + "_gigabytes_per_second", value: gigabytesPerSecond, unit: "GB/s"))
        parts.append("\(name) \(gigabytesPerSecond.formatted(decimals: 2))")
    }
}
