import ObjectStore

/// Every selected source object with what the transfer will do about it, in copy order.
///
/// Made by ``TransferPlanner`` without writing anything; printed by `--dry-run`; carried out by
/// ``TransferEngine``.
public struct TransferPlan: Sendable {
    /// One object and its fate.
    public struct Item: Sendable, Hashable {
        /// The source object.
        public var source: ObjectInfo
        /// The decision, or the reason no decision could be made.
        public var outcome: Outcome

        public init(source: ObjectInfo, outcome: Outcome) {
            self.source = source
            self.outcome = outcome
        }
    }

    /// A decision, or a per-object failure found while planning (an unsafe key, a collision).
    public enum Outcome: Sendable, Hashable {
        case decided(Decision)
        /// Out of line: rare, and large next to a decision (a plan holds millions of items).
        indirect case failed(ObjectStoreError)
    }

    /// The items, size ascending then key (byte order): the original tool's smallest-first promise.
    public var items: [Item]

    public init(items: [Item]) {
        self.items = items
    }

    /// Counts per outcome, for summaries.
    public var tally: Tally {
        var tally = Tally()
        for item in items { tally.count(item) }
        return tally
    }

    /// How many items each outcome has.
    public struct Tally: Hashable, Sendable {
        public var toCopy = 0
        public var bytesToCopy: Int64 = 0
        public var toSkip = 0
        public var mismatched = 0
        public var failed = 0

        public init() {}

        /// Counts one more item.
        public mutating func count(_ item: Item) {
            switch item.outcome {
            case .decided(let decision):
                switch decision.action {
                case .copy: toCopy += 1; bytesToCopy += item.source.size
                case .skip: toSkip += 1
                case .reportMismatch: mismatched += 1
                }
            case .failed: failed += 1
            }
        }
    }
}
