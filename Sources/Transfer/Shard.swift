import ObjectStore

/// One machine's share of a selection, for splitting a bucket over a fleet: shard `index` of
/// `count` takes the keys whose ``slot(of:)`` is `index`.
///
/// The rule is fixed, so that any machine and any version agree on it: the 64-bit FNV-1a hash of
/// the key's UTF-8 bytes (as listed, prefix included), passed through the 64-bit finalizer of
/// MurmurHash3 (`fmix64`) to spread its bits, then taken modulo `count`. Every key falls in exactly
/// one shard, and the shards together are the whole selection; with a million keys each shard's
/// share is within a few tenths of a percent of `1/count`.
public struct Shard: Hashable, Sendable, CustomStringConvertible {
    /// Which share, from 0 (as Kubernetes, AWS Batch and Slurm arrays number their tasks).
    public let index: Int
    /// How many shares the selection is split into.
    public let count: Int

    /// The whole selection (one shard of one).
    public static let whole = Shard(checkedIndex: 0, count: 1)

    /// The most shards a selection may be split into.
    public static let maximumCount = 1_000_000

    /// - Throws: ``ObjectStoreError`` `invalidArgument` unless `0 <= index < count <= maximumCount`.
    public init(index: Int, count: Int) throws {
        guard (1...Self.maximumCount).contains(count) else {
            throw ObjectStoreError(.invalidArgument, "the shard count must be between 1 and \(Self.maximumCount) (got \(count))")
        }
        guard (0..<count).contains(index) else {
            throw ObjectStoreError(.invalidArgument, "the shard index must be between 0 and \(count - 1) for \(count) shards (got \(index))")
        }
        self.init(checkedIndex: index, count: count)
    }

    private init(checkedIndex index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Whether this is a share of the selection, not all of it.
    public var isPartial: Bool { count > 1 }

    /// Whether `key` belongs to this shard.
    @inline(__always)
    public func contains(_ key: ObjectKey) -> Bool {
        count == 1 || Self.slot(of: key, among: count) == index
    }

    /// The objects of `page` in this shard (`page` itself for the whole selection).
    public func selecting(_ page: [ObjectInfo]) -> [ObjectInfo] {
        isPartial ? page.filter { contains($0.key) } : page
    }

    /// A laned listing's page with only this shard's objects; its folder announcements stay (a
    /// folder's keys in any shard make a file of its name a clash).
    public func selecting(_ page: ListingPage) -> ListingPage {
        guard isPartial else { return page }
        var selected = page
        selected.objects = selecting(page.objects)
        return selected
    }

    /// The shard of `count` that `key` falls in.
    public static func slot(of key: ObjectKey, among count: Int) -> Int {
        Int(hash(key) % UInt64(count))
    }

    /// The key's hash: FNV-1a (64-bit) over its UTF-8 bytes, then `fmix64`.
    public static func hash(_ key: ObjectKey) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let hashedContiguously: Void? = key.rawValue.utf8.withContiguousStorageIfAvailable { bytes in
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        }
        if hashedContiguously == nil {
            for byte in key.rawValue.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        }
        hash ^= hash >> 33
        hash &*= 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        hash &*= 0xc4ce_b9fe_1a85_ec53
        hash ^= hash >> 33
        return hash
    }

    /// `2/7`.
    public var description: String { "\(index)/\(count)" }
}
