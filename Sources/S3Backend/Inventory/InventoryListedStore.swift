import ObjectStore

/// An S3 bucket whose listing comes from an S3 Inventory report instead of ListObjectsV2: the
/// cheapest way to enumerate a bucket of hundreds of millions of keys (one GET per data file of
/// the report rather than one request per 1,000 keys).
///
/// Everything else (stat, read, checksums, locations) is the bucket's own ``S3Store``. The
/// listing is the report's rows under the store's root and the listing prefix, with the report's
/// sizes and ETags, so the comparisons are the ones a listing would give. An object deleted since
/// the report was made is listed but gone when read (`notFound`): the transfer counts it as
/// deleted since listed, not as a failure.
///
/// Each data file is one lane of ``listInLanes(prefix:lanes:)``, `lanes` files read at once. S3
/// does not promise that a data file is in key order; where one breaks the order, a new lane
/// starts, so that every lane is in order and the file/folder clash check stays bounded. A file
/// beside its folder across such a break is then found at the destination, where the second of
/// the two fails as a `collision` and nothing is replaced.
public final class InventoryListedStore: ObjectStore {
    /// The bucket the report describes, where objects are read.
    public let bucket: S3Store
    /// The report's manifest.
    public let manifest: InventoryManifest
    /// Where the report's data files are, under the keys the manifest gives them.
    let reports: any ObjectStore
    /// Compressed bytes per read of a data file.
    let rangeSize: Int

    /// - Throws: `invalidArgument` when the report is of another bucket.
    public init(bucket: S3Store, manifest: InventoryManifest, reports: any ObjectStore, rangeSize: Int = 256 << 10) throws {
        guard manifest.sourceBucket == bucket.configuration.bucket else {
            throw ObjectStoreError(.invalidArgument, "the inventory is of bucket '\(manifest.sourceBucket.escapedForDisplay)', not of '\(bucket.configuration.bucket.escapedForDisplay)'")
        }
        self.bucket = bucket
        self.manifest = manifest
        self.reports = reports
        self.rangeSize = rangeSize
    }

    public var capabilities: StoreCapabilities { bucket.capabilities }

    /// The report's objects under `prefix`, one data file after another.
    public func list(prefix: String) -> ObjectListing {
        ObjectListing.producing { [self] yield in
            for file in manifest.files { try await read(file, prefix: prefix) { yield($0) } }
        }
    }

    /// The report's objects under `prefix`, each data file a lane (a new lane at each break of
    /// key order in a file), `lanes` files at once.
    public func listInLanes(prefix: String, lanes: Int) -> LanedListing {
        let files = manifest.files
        return PageBuffer.laned(capacity: 2 * max(1, lanes)) { [self] buffer in
            try await withThrowingTaskGroup(of: Void.self) { group in
                var next = 0
                func startNext() {
                    let file = files[next]
                    // Lanes of file n: n << 32, then one more at each break of key order.
                    let firstLane = next << 32
                    next += 1
                    group.addTask { [self] in
                        var lane = firstLane
                        var last: ObjectKey?
                        try await read(file, prefix: prefix) { page in
                            // A lane must be in key order, so that the clash check needs only the
                            // folders of its last key: a file that is not starts a new lane.
                            var start = 0
                            for (index, object) in page.enumerated() {
                                defer { last = object.key }
                                guard let last, object.key <= last else { continue }
                                try await buffer.put(ListingPage(lane: lane, objects: Array(page[start..<index]), endsLane: true))
                                lane += 1
                                start = index
                            }
                            try await buffer.put(ListingPage(lane: lane, objects: Array(page[start...])))
                        }
                        try await buffer.put(ListingPage(lane: lane, objects: [], endsLane: true))
                    }
                }
                while next < min(max(1, lanes), files.count) { startNext() }
                while try await group.next() != nil {
                    if next < files.count { startNext() }
                }
            }
        }
    }

    /// Reads one data file, handing on the pages of its objects under the root and `prefix`, with
    /// keys relative to the root.
    private func read(_ file: InventoryManifest.File, prefix: String, each: ([ObjectInfo]) async throws -> Void) async throws {
        let root = bucket.configuration.prefix
        let selection = root + prefix
        try await InventoryDataFile.read(file, columns: manifest.columns, from: reports, rangeSize: rangeSize) { page in
            var selected: [ObjectInfo] = []
            selected.reserveCapacity(page.count)
            for var object in page where object.key.rawValue.hasBytePrefix(selection) {
                object.key = ObjectKey(bucket.relativeKey(object.key.rawValue))
                if object.key.rawValue.isEmpty { continue }  // the root's own folder marker
                selected.append(object)
            }
            if !selected.isEmpty { try await each(selected) }
        }
    }

    public func stat(_ key: ObjectKey) async throws -> ObjectInfo? { try await bucket.stat(key) }

    public func read(_ object: ObjectInfo, range: Range<Int64>?, into sink: any ByteSink) async throws {
        try await bucket.read(object, range: range, into: sink)
    }

    public func readChecked(_ object: ObjectInfo, into sink: any ByteSink) async throws -> IntegrityCheck {
        try await bucket.readChecked(object, into: sink)
    }

    public func storedChecksum(of object: ObjectInfo) async throws -> StoredChecksum? { try await bucket.storedChecksum(of: object) }

    public func readAfresh(_ object: ObjectInfo) { bucket.readAfresh(object) }

    public func partwiseCheck(of object: ObjectInfo, stored: StoredChecksum?) async throws -> PartwiseCheck? {
        try await bucket.partwiseCheck(of: object, stored: stored)
    }

    public func create(_ object: ObjectInfo, options: CreateOptions) async throws -> any PendingObject {
        throw ObjectStoreError(.unsupported, "an inventory is a listing to read, not a place to write", key: object.key)
    }

    public func md5(of object: ObjectInfo) async throws -> MD5Digest? { try await bucket.md5(of: object) }

    public func checksum(of object: ObjectInfo) async throws -> ContentChecksum? { try await bucket.checksum(of: object) }

    public func location(of key: ObjectKey) -> String { bucket.location(of: key) }
}
