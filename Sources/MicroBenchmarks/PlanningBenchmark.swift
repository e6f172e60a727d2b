import FileBackend
import Foundation
import Logging
import MemoryBackend
import ObjectStore
import Transfer

/// How long ``Transfer/TransferPlanner/makePlan()`` takes, and how much memory it holds at its
/// peak, for a large listing (1,000 pages of 1,000 objects by default) and an empty destination.
///
/// The targets for a million objects: under 2 s and under 400 MB peak RSS. The source makes
/// its pages on demand, so the plan's wall time includes making them; that cost is measured alone
/// first (draining the same listing), and the target is judged on the plan's time less it (the
/// planning of listed objects). Peak RSS includes everything.
struct PlanningBenchmark {
    /// The empty destination the plan is made against.
    enum Destination: String, CaseIterable {
        /// An empty ``MemoryBackend/MemoryStore``: `stat` is a dictionary look-up.
        case memory
        /// An empty folder in `/dev/shm` under a ``FileBackend/FileStore``: `stat` of a missing file
        /// is a system call (the folder of the key is looked up and not found).
        case file
    }

    var destination: Destination
    var bucket = SyntheticBucket(pageCount: 1000)

    var name: String { "plan-1m-" + destination.rawValue }

    func run() async throws -> BenchmarkResult {
        let logger = Logger(label: "s3clone-microbench") { _ in SwiftLogNoOpLogHandler() }
        let source = SyntheticBucketStore(bucket: bucket)
        let clock = ContinuousClock()

        var listed = 0
        let listingTime = try await clock.measure {
            for try await page in source.list() { listed += page.count }
        }
        precondition(listed == bucket.objectCount)

        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let target: any ObjectStore = switch destination {
        case .memory: MemoryStore()
        case .file: FileStore(root: scratch.path, logger: logger)
        }
        let planner = TransferPlanner(source: source, destination: target, policy: ComparisonPolicy(), logger: logger)

        let before = MemoryUsage.current()
        var plan = TransferPlan(items: [])
        let planTime = try await clock.measure { plan = try await planner.makePlan() }
        let after = MemoryUsage.current()
        precondition(plan.tally.toCopy == bucket.objectCount, "every object of an empty destination is to be copied")

        let seconds = planTime.seconds
        let planning = max(0, seconds - listingTime.seconds)
        let peakMB = Double(after.peakResidentBytes) / 1_000_000
        let verdict = planning < 2 && peakMB < 400 ? "meets" : "misses"
        return BenchmarkResult(
            benchmark: name,
            summary: "\(planning.formatted(decimals: 3)) s planning (\(seconds.formatted(decimals: 3)) s with the listing), peak RSS \(after.peakResidentBytes.mebibytes) MiB "
                + "(\(peakMB.formatted(decimals: 0)) MB; \(before.residentBytes.mebibytes) MiB before planning) "
                + "for \(bucket.objectCount) objects; making the listing alone: \(listingTime.seconds.formatted(decimals: 3)) s; "
                + "\(verdict) the 2 s / 400 MB target; ObjectInfo \(MemoryLayout<ObjectInfo>.stride) B, "
                + "plan item \(MemoryLayout<TransferPlan.Item>.stride) B inline",
            figures: [
                .init(name: "seconds", value: seconds, unit: "s"),
                .init(name: "planning_seconds", value: planning, unit: "s"),
                .init(name: "listing_seconds", value: listingTime.seconds, unit: "s"),
                .init(name: "peak_rss_bytes", value: Double(after.peakResidentBytes), unit: "B"),
                .init(name: "rss_before_bytes", value: Double(before.residentBytes), unit: "B"),
                .init(name: "objects", value: Double(bucket.objectCount), unit: ""),
                .init(name: "object_info_stride_bytes", value: Double(MemoryLayout<ObjectInfo>.stride), unit: "B"),
                .init(name: "plan_item_stride_bytes", value: Double(MemoryLayout<TransferPlan.Item>.stride), unit: "B"),
            ])
    }
}
