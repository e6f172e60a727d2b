import Logging
import ObjectStore

/// Makes a ``TransferPlan``: lists the source, sorts it, looks at the destination, and decides.
///
/// Planning reads but never writes. ``makePlan()`` waits for the whole listing, so its order is the
/// order of the whole selection (size ascending, then key); ``decide(_:)`` judges one object, for
/// the engine's streaming run.
public struct TransferPlanner: Sendable {
    public var source: any ObjectStore
    public var destination: any ObjectStore
    public var policy: ComparisonPolicy
    /// Only source keys starting with this are selected (empty: all). Keys keep the prefix.
    public var prefix: String
    /// How many decisions (a stat of the destination; under `--verify etag`, reads of both sides)
    /// ``makePlan()`` makes at once.
    public var concurrency: Int
    public var logger: Logger

    public init(source: any ObjectStore, destination: any ObjectStore, policy: ComparisonPolicy,
                prefix: String = "", concurrency: Int = 16, logger: Logger) {
        self.source = source
        self.destination = destination
        self.policy = policy
        self.prefix = prefix
        self.concurrency = max(1, concurrency)
        self.logger = logger
    }

    /// Lists, compares and decides: the whole plan, in copy order (for `--dry-run`; a real run
    /// streams the listing into ``TransferEngine/run(listing:planner:)`` instead).
    ///
    /// - Throws: what the source listing fails with (`notFound` for a missing root, `accessDenied`,
    ///   `network`, ...), and `cancelled`. Per-object trouble (an unsafe key, a collision, an
    ///   unreadable existing file) becomes a `.failed` item instead.
    public func makePlan() async throws -> TransferPlan {
        try await makePlan(from: SourceListing.open(source, prefix: prefix))
    }

    /// Reads the rest of `listing`, then compares and decides (up to ``concurrency`` at once).
    public func makePlan(from listing: SourceListing) async throws -> TransferPlan {
        var objects: [ObjectInfo] = []
        while let page = try await listing.nextPage() {
            objects += page
        }
        objects.sort(by: ObjectInfo.sizeOrder)
        logger.debug("listed source", metadata: ["objects": "\(objects.count)"])

        var clashes = FolderClashFilter(isActive: checksForFolderClashes)
        let clashing = Set((clashes.admit(objects).clashing + clashes.finish().clashing).map(\.key))
        // Decided in batches, a task per batch rather than per object: a million objects would
        // otherwise cost a million tasks for what is mostly one stat each.
        let batchSize = max(1, min(256, objects.count / (concurrency * 4)))
        let batches = stride(from: 0, to: objects.count, by: batchSize).map { objects[$0..<min($0 + batchSize, objects.count)] }
        let decided = try await batches.concurrentMap(limit: concurrency) { batch in
            var items: [TransferPlan.Item] = []
            items.reserveCapacity(batch.count)
            for object in batch {
                if clashing.contains(object.key) {
                    items.append(TransferPlan.Item(source: object, outcome: .failed(FolderClashFilter.clashError(object))))
                } else {
                    items.append(try await decide(object))
                }
            }
            return items
        }
        return TransferPlan(items: Array(decided.joined()))
    }

    /// Whether a source key can clash with a source folder at the destination: the destination is
    /// a real hierarchy and the source is not (a file system cannot hold both `a` and `a/b`).
    var checksForFolderClashes: Bool {
        destination.capabilities.hierarchicalNamespace && !source.capabilities.hierarchicalNamespace
    }

    /// Looks at what the destination holds under `object`'s key and decides; under `--verify etag`
    /// it also reads both checksums when the sizes match.
    ///
    /// - Throws: `cancelled` only. Per-object trouble becomes a `.failed` item.
    public func decide(_ object: ObjectInfo) async throws -> TransferPlan.Item {
        try Task.checkCancellation()
        let existing: ObjectInfo?
        do {
            existing = try await destination.stat(object.key)
        } catch let error as ObjectStoreError {
            if error.code == .cancelled { throw CancellationError() }
            return TransferPlan.Item(source: object, outcome: .failed(error))
        }
        let decision = policy.decide(object, existing.map(DestinationState.present) ?? .absent)
        guard decision.action == .compareChecksums, let existing else {
            return TransferPlan.Item(source: object, existing: existing, outcome: .decided(decision))
        }
        return TransferPlan.Item(source: object, existing: existing, outcome: try await compareChecksums(object, existing))
    }

    /// Settles a `compareChecksums` decision by computing both checksums.
    private func compareChecksums(_ object: ObjectInfo, _ existing: ObjectInfo) async throws -> TransferPlan.Outcome {
        do {
            guard let remote = try await source.checksum(of: object),
                  let local = try await destination.checksum(of: existing, shapedLike: remote) else {
                return .decided(Decision(.skip, .unverified))
            }
            return .decided(policy.decide(object, .compared(existing, local: local, source: remote)))
        } catch let error as ObjectStoreError {
            if error.code == .cancelled { throw CancellationError() }
            return .failed(error)
        }
    }
}
