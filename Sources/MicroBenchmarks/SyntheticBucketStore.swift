import Digests
import Foundation
import ObjectStore
import Synchronization

/// A read-only ``ObjectStore`` whose listing is a ``SyntheticBucket``, made page by page as the
/// consumer asks for it (as a real lister fetches the next page), so the store itself holds nothing.
///
/// Only listing works: `stat` finds nothing, and reading or writing throws `unsupported`.
struct SyntheticBucketStore: ObjectStore {
    var bucket: SyntheticBucket

    var capabilities: StoreCapabilities {
        StoreCapabilities(rangedReads: false, writable: false, preservesModificationTime: false,
                          hierarchicalNamespace: false, computesMD5ByReading: false)
    }

    func list(prefix: String) -> ObjectListing {
        let bucket = bucket
        let cursor = PageCursor()
        return ObjectListing(unfolding: {
            let number = cursor.take()
            guard number < bucket.pageCount else { return nil }
            return bucket.page(number).filter { $0.key.rawValue.utf8.starts(with: prefix.utf8) }
        })
    }

    func stat(_ key: ObjectKey) async throws -> ObjectInfo? { nil }

    func read(_ object: ObjectInfo, range: Range<Int64>?, into sink: any ByteSink) async throws {
        throw ObjectStoreError(.unsupported, "a synthetic bucket has no contents", key: object.key)
    }

    func create(_ object: ObjectInfo, options: CreateOptions) async throws -> any PendingObject {
        throw ObjectStoreError(.unsupported, "a synthetic bucket is read-only", key: object.key)
    }

    func location(of key: ObjectKey) -> String { "synthetic:" + key.rawValue }
}

/// The number of the next page a listing makes.
private final class PageCursor: Sendable {
    private let next = Atomic<Int>(0)

    /// The next page number, counting up from 0.
    func take() -> Int {
        next.add(1, ordering: .relaxed).oldValue
    }
}
