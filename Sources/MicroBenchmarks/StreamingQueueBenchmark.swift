import FileBackend
import Foundation
import Logging
import MemoryBackend
import ObjectStore
import Transfer

/// The peak memory of a streaming run (``Transfer/TransferEngine/run(listing:)``) whose copy queue
/// holds the whole bucket: the destination answers no `stat` until the listing has ended, so every
/// listed object waits in the queue at once (the worst case: copies far slower than the listing).
/// Each object then turns out to differ in size from what the destination holds, so nothing is
/// read or written and the figures are the listing's, the queue's and the decisions'.
///
/// With a scratch space (in the temporary folder, or `/dev/shm`: its pages are not this
/// process's RSS either way) the queue spills past its budget; without one it holds everything,
/// as s3clone did before the budget.
///
/// The dry-run form (`dry-run-10m`) streams the plan (``Transfer/TransferPlanner/plan(from:each:)``)
/// against an empty destination instead, as `--dry-run` does, counting the printed items.
struct StreamingQueueBenchmark {
    var pageCount: Int
    var spills: Bool
    var dryRun = false

    var name: String { (dryRun ? "dry-run-" : "stream-") + "\(pageCount / 1000)m" + (spills ? "" : "-in-memory") }

    var summary: String {
        (dryRun ? "a dry run's plan of " : "a streaming run holding ") + "\(pageCount / 1000)M listed objects in its queue at once, "
            + (spills ? "spilling past the default budget" : "all in memory") + ": seconds and peak RSS"
    }

    func run() async throws -> BenchmarkResult {
        let logger = Logger(label: "s3clone-microbench") { _ in SwiftLogNoOpLogHandler() }
        let bucket = SyntheticBucket(pageCount: pageCount)
        let source = SyntheticBucketStore(bucket: bucket)
        let progress = TransferProgress()
        let destination = HeldBackDestination(progress: progress)
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let options = TransferOptions(concurrency: .fixed(100))
        let engine = TransferEngine(source: source, destination: destination, options: options,
                                    scratch: spills ? FileScratchSpace(directory: scratch.path) : nil, logger: logger, progress: progress)
        let before = MemoryUsage.current()
        let clock = ContinuousClock()
        var decided = 0
        let elapsed = try await clock.measure {
            let listing = try await SourceListing.open(source, prefix: "", progress: progress)
            if dryRun {
                var planner = engine.planner
                planner.destination = MemoryStore()
                var printed = 0
                decided = try await planner.plan(from: listing) { _ in printed += 1 }.toCopy
                precondition(printed == decided)
            } else {
                decided = await engine.run(listing: listing).mismatched
            }
        }
        let after = MemoryUsage.current()
        precondition(decided == bucket.objectCount, "every object is decided (\(decided) of \(bucket.objectCount))")
        let perObject = Double(after.peakResidentBytes - before.residentBytes) / Double(bucket.objectCount)
        return BenchmarkResult(
            benchmark: name,
            summary: "\(elapsed.seconds.formatted(decimals: 2)) s, peak RSS \(after.peakResidentBytes.mebibytes) MiB "
                + "(\(before.residentBytes.mebibytes) MiB before; \(perObject.formatted(decimals: 1)) B per object above it) "
                + "for \(bucket.objectCount) objects; queue budget \((options.queueBudget >> 20)) MiB"
                + (spills ? "" : ", no spilling"),
            figures: [
                .init(name: "seconds", value: elapsed.seconds, unit: "s"),
                .init(name: "peak_rss_bytes", value: Double(after.peakResidentBytes), unit: "B"),
                .init(name: "rss_before_bytes", value: Double(before.residentBytes), unit: "B"),
                .init(name: "bytes_per_object", value: perObject, unit: "B"),
                .init(name: "objects", value: Double(bucket.objectCount), unit: ""),
            ])
    }
}

/// A destination that answers `stat` only once the run's listing has ended, with an object of size
/// 0 (every synthetic object has at least 1 byte, so each is a mismatch, reported and left alone);
/// hierarchical, so the run's folder-clash filter is part of the measure.
private struct HeldBackDestination: ObjectStore {
    let progress: TransferProgress

    var capabilities: StoreCapabilities {
        StoreCapabilities(rangedReads: false, writable: true, preservesModificationTime: false,
                          hierarchicalNamespace: true, computesMD5ByReading: false)
    }

    func list(prefix: String) -> ObjectListing { ObjectListing { $0.finish() } }

    func stat(_ key: ObjectKey) async throws -> ObjectInfo? {
        while !progress.snapshot().totalsFinal { try await Task.sleep(for: .milliseconds(20)) }
        return ObjectInfo(key: key, size: 0)
    }

    func read(_ object: ObjectInfo, range: Range<Int64>?, into sink: any ByteSink) async throws {
        throw ObjectStoreError(.unsupported, "nothing to read", key: object.key)
    }

    func create(_ object: ObjectInfo, options: CreateOptions) async throws -> any PendingObject {
        throw ObjectStoreError(.unsupported, "nothing is written", key: object.key)
    }

    func location(of key: ObjectKey) -> String { "held:" + key.rawValue }
}
