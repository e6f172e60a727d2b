import Digests
import Logging
import ObjectStore

/// Makes a ``TransferPlan``: lists the source, sorts it, looks at the destination, and decides.
///
/// Planning reads but never writes (to the destination: a spilled queue writes nameless scratch
/// files). ``makePlan()`` and ``plan(from:each:)`` wait for the whole listing, so their order is
/// the order of the whole selection (size ascending, then key); ``decide(_:)`` judges one object,
/// for the engine's streaming run.
public struct TransferPlanner: Sendable {
    public var source: any ObjectStore
    public var destination: any ObjectStore
    public var policy: ComparisonPolicy
    /// Only source keys starting with this are selected (empty: all). Keys keep the prefix.
    public var prefix: String
    /// How many decisions (a stat of the destination; under `--verify etag`, reads of both sides)
    /// ``makePlan()`` makes at once.
    public var concurrency: Int
    /// Where ``plan(from:each:)``'s queue spills past ``queueBudget`` bytes; `nil`: it does not.
    public var scratch: (any ScratchSpace)?
    public var queueBudget: Int
    /// The process's resident memory the queue keeps under (``TransferOptions/residentLimit``).
    public var residentLimit: Int?
    public var logger: Logger

    public init(source: any ObjectStore, destination: any ObjectStore, policy: ComparisonPolicy,
                prefix: String = "", concurrency: Int = 16, scratch: (any ScratchSpace)? = nil,
                queueBudget: Int = TransferOptions.defaultMemoryBudget / 2, residentLimit: Int? = nil, logger: Logger) {
        self.source = source
        self.destination = destination
        self.policy = policy
        self.prefix = prefix
        self.concurrency = max(1, concurrency)
        self.scratch = scratch
        self.queueBudget = queueBudget
        self.residentLimit = residentLimit
        self.logger = logger
    }

    /// Lists, compares and decides: the whole plan, in copy order (for `--dry-run`; a real run
    /// streams the listing into ``TransferEngine/run(listing:)`` instead).
    ///
    /// - Throws: what the source listing fails with (`notFound` for a missing root, `accessDenied`,
    ///   `network`, ...), and `cancelled`. Per-object trouble (an unsafe key, a collision, an
    ///   unreadable existing file) becomes a `.failed` item instead.
    public func makePlan() async throws -> TransferPlan {
        try await makePlan(from: SourceListing.open(source, prefix: prefix))
    }

    /// Reads the rest of `listing`, then decides each object in copy order (checksum comparisons up
    /// to ``concurrency`` at once): the whole plan in memory (see ``plan(from:each:)`` for one that is not).
    public func makePlan(from listing: SourceListing) async throws -> TransferPlan {
        var items: [TransferPlan.Item] = []
        _ = try await plan(from: listing) { items.append($0) }
        return TransferPlan(items: items)
    }

    /// How many objects ``plan(from:each:)`` takes from the queue and decides together.
    static let decisionBatch = 1024

    /// The plan as a stream, within a memory budget: reads the rest of `listing` into a copy queue
    /// that spills past ``queueBudget`` to ``scratch`` (see ``SpillingSizeQueue``), then decides
    /// the objects in copy order, ``decisionBatch`` at a time (checksum comparisons up to
    /// ``concurrency`` at once), and hands each item to `each` in that order. Returns the counts of the whole plan.
    ///
    /// - Throws: what the listing fails with, `cancelled`, and the scratch space's failure (the
    ///   queue could not spill); per-object trouble becomes a `.failed` item.
    public func plan(from listing: SourceListing, each: (TransferPlan.Item) throws -> Void) async throws -> TransferPlan.Tally {
        let started = ContinuousClock.now
        var queue = SpillingSizeQueue(budget: queueBudget, scratch: scratch, resident: residentLimit.map { ResidentMemoryLimit(limit: $0) })
        var clashes = FolderClashFilter(isActive: checksForFolderClashes)
        var clashing = Set<ObjectKey>()
        func enqueue(_ release: FolderClashFilter.Release) throws {
            for object in release.ready { try queue.insert(object) }
            for object in release.clashing {
                clashing.insert(object.key)
                try queue.insert(object)
            }
        }
        while let page = try await listing.nextPage() {
            try enqueue(clashes.admit(page))
        }
        try enqueue(clashes.finish())
        let listingTime = ContinuousClock.now - started
        let milliseconds = listingTime.components.seconds * 1000 + listingTime.components.attoseconds / 1_000_000_000_000_000
        logger.debug("listed source", metadata: ["objects": "\(queue.count)", "milliseconds": "\(milliseconds)"])
        queue.logSpills(to: logger)

        var tally = TransferPlan.Tally()
        var batch: [ObjectInfo] = []
        batch.reserveCapacity(Self.decisionBatch)
        while !queue.isEmpty {
            batch.removeAll(keepingCapacity: true)
            while batch.count < Self.decisionBatch, let object = try queue.popFirst() { batch.append(object) }
            let items = try await decideInOrder(batch, clashing: clashing)
            for item in items {
                tally.count(item)
                try each(item)
            }
        }
        return tally
    }

    /// Decides `objects` in their order: a stat of the destination each, one after another (cheap
    /// next to a task per object); checksum comparisons, which read, up to ``concurrency`` at once.
    private func decideInOrder(_ objects: [ObjectInfo], clashing: Set<ObjectKey>) async throws -> [TransferPlan.Item] {
        var items: [TransferPlan.Item] = []
        items.reserveCapacity(objects.count)
        var toCompare: [(index: Int, source: ObjectInfo, existing: ObjectInfo)] = []
        for object in objects {
            if !clashing.isEmpty, clashing.contains(object.key) {
                items.append(TransferPlan.Item(source: object, outcome: .failed(FolderClashFilter.clashError(object))))
                continue
            }
            switch try await judge(object) {
            case .settled(let outcome):
                items.append(TransferPlan.Item(source: object, outcome: outcome))
            case .needsChecksums(let existing):
                toCompare.append((items.count, object, existing))
                items.append(TransferPlan.Item(source: object, outcome: .decided(Decision(.skip, .unverified))))
            }
        }
        let compared = try await toCompare.concurrentMap(limit: concurrency) { pending in
            try await compareChecksums(pending.source, pending.existing)
        }
        for (pending, outcome) in zip(toCompare, compared) {
            items[pending.index].outcome = outcome
        }
        return items
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
        switch try await judge(object) {
        case .settled(let outcome): return TransferPlan.Item(source: object, outcome: outcome)
        case .needsChecksums(let existing):
            return TransferPlan.Item(source: object, outcome: try await compareChecksums(object, existing))
        }
    }

    /// How far a stat of the destination takes the policy.
    private enum Judgement {
        /// Decided (or failed) without reading checksums.
        case settled(TransferPlan.Outcome)
        /// Sizes match under `--verify etag`: both checksums are needed (`existing` is what the
        /// destination holds).
        case needsChecksums(existing: ObjectInfo)
    }

    /// Stats the destination and asks the policy, without reading checksums.
    private func judge(_ object: ObjectInfo) async throws -> Judgement {
        try Task.checkCancellation()
        let existing: ObjectInfo?
        do {
            existing = try await destination.stat(object.key)
        } catch let error as ObjectStoreError {
            if error.code == .cancelled { throw CancellationError() }
            return .settled(.failed(error))
        }
        switch policy.decide(object, existing.map(DestinationState.present) ?? .absent) {
        case .decided(let decision): return .settled(.decided(decision))
        case .needsChecksums(let existing): return .needsChecksums(existing: existing)
        }
    }

    /// Under `--verify checksum`: the source's stored checksum against the existing file's in the
    /// same algorithm, and for a composite one in the upload's part size.
    private func compareStoredChecksums(_ object: ObjectInfo, _ existing: ObjectInfo) async throws -> Decision {
        guard let remote = try await source.storedChecksum(of: object) else { return Decision(.skip, .unverified) }
        var partSizes: [Int64?] = [nil]
        if !remote.isOfWholeObject(object) {
            guard let partwise = try await source.partwiseCheck(of: object, stored: remote), partwise.digest != .md5 else {
                return Decision(.skip, .unverified)
            }
            // A bare value from a server that does not say its kind may be either.
            partSizes = partwise.mayBeFullObject ? [partwise.partSize, nil] : [partwise.partSize]
        }
        var local: StoredChecksum?
        for partSize in partSizes {
            local = try await destination.computedChecksum(remote.algorithm, partSize: partSize, of: existing).map {
                StoredChecksum(algorithm: remote.algorithm, value: $0, partCount: remote.partCount, kindIsStated: remote.kindIsStated)
            }
            if local == remote { break }
        }
        return policy.settle(object, existing: existing, local: local, remote: remote)
    }

    /// Decides an object whose size matches by computing both checksums.
    private func compareChecksums(_ object: ObjectInfo, _ existing: ObjectInfo) async throws -> TransferPlan.Outcome {
        do {
            if policy.verification == .checksum {
                return .decided(try await compareStoredChecksums(object, existing))
            }
            guard let remote = try await source.checksum(of: object),
                  let local = try await destination.checksum(of: existing, shapedLike: remote) else {
                return .decided(Decision(.skip, .unverified))
            }
            return .decided(policy.settle(object, existing: existing, local: local, remote: remote))
        } catch let error as ObjectStoreError {
            if error.code == .cancelled { throw CancellationError() }
            return .failed(error)
        }
    }
}
