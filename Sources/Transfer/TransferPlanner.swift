import Logging
import ObjectStore

/// Makes a ``TransferPlan``: lists the source, sorts it, looks at the destination, and decides.
///
/// Planning reads but never writes. The listing is complete before the plan is: the plan's order
/// is the order of the whole selection (size ascending, then key).
public struct TransferPlanner: Sendable {
    public var source: any ObjectStore
    public var destination: any ObjectStore
    public var policy: ComparisonPolicy
    /// Only source keys starting with this are selected (empty: all). Keys keep the prefix.
    public var prefix: String
    /// How many checksum comparisons (reads of both sides) run at once under `--verify etag`.
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

    /// Lists, compares and decides.
    ///
    /// - Throws: what the source listing fails with (`notFound` for a missing root, `accessDenied`,
    ///   `network`, ...), and `cancelled`. Per-object trouble (an unsafe key, a collision, an
    ///   unreadable existing file) becomes a `.failed` item instead.
    public func makePlan() async throws -> TransferPlan {
        var objects: [ObjectInfo] = []
        for try await page in source.list(prefix: prefix) {
            objects += page
        }
        objects.sort(by: ObjectInfo.sizeOrder)
        logger.debug("listed source", metadata: ["objects": "\(objects.count)"])

        let clashing = destination.capabilities.hierarchicalNamespace ? Self.fileFolderClashes(objects) : []
        var items: [TransferPlan.Item] = []
        items.reserveCapacity(objects.count)
        var toCompare: [Int] = []
        for object in objects {
            try Task.checkCancellation()
            if clashing.contains(object.key) {
                let error = ObjectStoreError(
                    .collision, "the source has both a file and a folder named '\(object.key.displayName)'; the folder's contents are copied, this file is not",
                    key: object.key)
                items.append(.init(source: object, outcome: .failed(error)))
                continue
            }
            do {
                let existing = try await destination.stat(object.key)
                let decision = policy.decide(object, existing.map(DestinationState.present) ?? .absent)
                if decision.action == .compareChecksums { toCompare.append(items.count) }
                items.append(.init(source: object, existing: existing, outcome: .decided(decision)))
            } catch let error as ObjectStoreError {
                items.append(.init(source: object, outcome: .failed(error)))
            }
        }
        try await compareChecksums(of: toCompare, in: &items)
        return TransferPlan(items: items)
    }

    /// Settles `compareChecksums` decisions by computing both MD5s, several at a time.
    private func compareChecksums(of indices: [Int], in items: inout [TransferPlan.Item]) async throws {
        guard !indices.isEmpty else { return }
        let snapshot = indices.map { items[$0] }
        let results = try await snapshot.concurrentMap(limit: concurrency) { item -> TransferPlan.Outcome in
            guard let existing = item.existing else { return .decided(Decision(.copy, .missing)) }
            do {
                guard let remote = try await source.checksum(of: item.source),
                      let local = try await destination.checksum(of: existing, shapedLike: remote) else {
                    return .decided(Decision(.skip, .unverified))
                }
                return .decided(policy.decide(item.source, .compared(existing, local: local, source: remote)))
            } catch let error as ObjectStoreError {
                return .failed(error)
            }
        }
        for (index, outcome) in zip(indices, results) {
            items[index].outcome = outcome
        }
    }

    /// File keys that are also folders of other keys (`a` beside `a/b`, `dir` beside `dir/`): in a
    /// hierarchical destination only one of the two can exist.
    static func fileFolderClashes(_ objects: [ObjectInfo]) -> Set<ObjectKey> {
        // Byte-wise throughout: ObjectKey compares bytes, and a `/` is a separator even when a
        // combining mark follows it.
        var folders = Set<ObjectKey>()
        for object in objects {
            let bytes = Array(object.key.rawValue.utf8)
            for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "/") {
                folders.insert(ObjectKey(String(decoding: bytes[..<index], as: UTF8.self)))
            }
        }
        var clashes = Set<ObjectKey>()
        for object in objects where !object.key.isDirectoryMarker && folders.contains(object.key) {
            clashes.insert(object.key)
        }
        return clashes
    }
}
