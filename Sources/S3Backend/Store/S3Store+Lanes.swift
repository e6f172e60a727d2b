import ObjectStore
import Synchronization

extension S3Store {
    /// See ``ObjectStore/ObjectStore/listInLanes(prefix:lanes:)``: up to `lanes` ListObjectsV2
    /// requests at once over disjoint parts of the key space (see ``LaneLister``); one lane is
    /// ``list(prefix:)``.
    public func listInLanes(prefix: String, lanes: Int) -> LanedListing {
        guard lanes > 1 else { return listInOneLane(prefix: prefix) }
        return PageBuffer.laned(capacity: 2 * lanes) { buffer in
            try await LaneLister(store: self, lanes: lanes, buffer: buffer).run(prefix: prefix)
        }
    }
}

/// Lists a prefix of a bucket in lanes, `lanes` requests at a time.
///
/// The prefix is first listed with `delimiter=/` (an *explore* lane, ``ExploreLane``): its own
/// keys come as that lane's objects, and its folders (common prefixes) are announced in it and
/// split into *range* lanes of consecutive folders, each listed flat (no delimiter) from just
/// before its first folder to the end of its last, so a range of many small folders costs one
/// request per 1,000 keys, not one per folder. A prefix with fewer than twice `lanes` folders on
/// one page is explored a level deeper instead (at most 3 levels), so one big folder is split too.
///
/// A lister with nothing queued splits a running explore lane (``ExploreLane/split()``): the lane
/// stops before a point past its position and a new explore lane lists from there, so a flat key
/// space (keys without `/`) is listed by every lister at once. A key of the bucket is in exactly
/// one lane: the explore lane of its level and bounds if it has no `/` past the explored prefix,
/// else the one range (or deeper exploration) of its folder.
///
/// Jobs wait in one queue, taken in order by `lanes` workers; the listing ends when the queue is
/// empty and no worker is busy (a running exploration may still add jobs).
final class LaneLister: Sendable {
    let store: S3Store
    let lanes: Int
    let buffer: PageBuffer

    /// Explore this deep at most.
    static let maximumDepth = 3

    enum Job: Sendable {
        /// A delimited listing of a prefix (relative to the store's root), between bounds.
        case explore(ExploreLane)
        /// A flat listing under `parent` of the folders `first` through `last` (common prefixes
        /// ending in `/`, relative to the store's root).
        case range(parent: String, first: String, last: String)
    }

    private struct Queue {
        var jobs: [Job] = []
        var next = 0
        var busy = 0
        var lanes = 0
        /// Explore lanes running now: the ones an idle worker may split.
        var exploring: [ObjectIdentifier: ExploreLane] = [:]
    }

    private let queue = Mutex(Queue())

    init(store: S3Store, lanes: Int, buffer: PageBuffer) {
        self.store = store
        self.lanes = lanes
        self.buffer = buffer
    }

    func run(prefix: String) async throws {
        queue.withLock { $0.jobs.append(.explore(ExploreLane(prefix: prefix, depth: 0))) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<lanes {
                group.addTask { [self] in
                    while let job = try await takeJob() {
                        defer { queue.withLock { $0.busy -= 1 } }
                        switch job {
                        case .explore(let lane): try await explore(lane)
                        case .range(let parent, let first, let last): try await listRange(parent, from: first, through: last)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// The next job, or a split of a running explore lane when none is queued; `nil` once none is
    /// queued and none is running (so none can be added).
    private func takeJob() async throws -> Job? {
        while true {
            try Task.checkCancellation()
            let taken: (job: Job?, finished: Bool) = queue.withLock { queue in
                if queue.next < queue.jobs.count {
                    defer { queue.next += 1 }
                    queue.busy += 1
                    return (queue.jobs[queue.next], false)
                }
                // The lane seen longest is likely the one with most left.
                for running in queue.exploring.values.sorted(by: { $0.pages > $1.pages }) {
                    guard let part = running.split() else { continue }
                    queue.busy += 1
                    return (.explore(part), false)
                }
                return (nil, queue.busy == 0)
            }
            if let job = taken.job { return job }
            if taken.finished { return nil }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    private func add(_ jobs: [Job]) {
        queue.withLock { $0.jobs += jobs }
    }

    private func newLane() -> Int {
        queue.withLock { queue in
            defer { queue.lanes += 1 }
            return queue.lanes
        }
    }

    /// Lists an explore lane with `delimiter=/`, announcing its folders, and queues the folders
    /// as ranges (or as deeper explorations).
    private func explore(_ explore: ExploreLane) async throws {
        let lane = newLane()
        let prefix = explore.prefix
        let fullPrefix = store.configuration.prefix + prefix
        queue.withLock { $0.exploring[ObjectIdentifier(explore)] = explore }
        defer { queue.withLock { $0.exploring[ObjectIdentifier(explore)] = nil } }
        let startAfter = explore.startAfter.map { store.configuration.prefix + $0 }
        var token: String?
        var seen = Set<String>()
        var pages = 0
        var lastFolder: ObjectKey?
        while true {
            let page = try await store.requestListingPage(fullPrefix: fullPrefix, delimited: true, startAfter: startAfter, token: token)
            pages += 1
            // A folder at or before one already seen (a server that repeats a common prefix across
            // pages) would be listed by two lanes: it is dropped.
            var folders: [String] = []
            for folder in page.commonPrefixes.map({ store.relativeKey($0) }) where !folder.isEmpty {
                guard lastFolder.map({ $0 < ObjectKey(folder) }) ?? true else { continue }
                folders.append(folder)
                lastFolder = ObjectKey(folder)
            }
            let more = try store.nextToken(after: page, fullPrefix: fullPrefix, pages: pages, seen: &seen)
            let admitted = explore.admit(objects: try store.relativeObjects(of: page, fullPrefix: fullPrefix), folders: folders,
                                         isLast: more == nil)
            folders = admitted.folders
            let next = admitted.ended ? nil : more
            var announced = folders.map { ObjectKey(String($0.dropLast())) }
            if admitted.ended { announced += try await foldersPastTheEnd(of: explore) }
            try await buffer.put(ListingPage(lane: lane, objects: admitted.objects, folders: announced, endsLane: next == nil))
            if pages == 1, next == nil, explore.lower == nil, folders.count < 2 * lanes, explore.depth < Self.maximumDepth {
                add(folders.map { .explore(ExploreLane(prefix: $0, depth: explore.depth + 1)) })
            } else if !folders.isEmpty {
                let perRange = max(1, folders.count / (4 * lanes))
                add(stride(from: 0, to: folders.count, by: perRange).map { start in
                    .range(parent: prefix, first: folders[start], last: folders[min(start + perRange, folders.count) - 1])
                })
            }
            guard let next else { return }
            token = next
        }
    }

    /// The folders of an ended explore lane's keys that lie past its upper bound (so
    /// in another lane), to be announced in it: one probe of one key for each candidate.
    private func foldersPastTheEnd(of explore: ExploreLane) async throws -> [ObjectKey] {
        var folders: [ObjectKey] = []
        for key in explore.keysBeforeTheUpperBound() {
            let page = try await store.requestListingPage(fullPrefix: store.fullKey(key) + "/", maxKeys: 1, token: nil)
            if !page.contents.isEmpty { folders.append(key) }
        }
        return folders.sorted { ObjectKey($0.rawValue + "/") < ObjectKey($1.rawValue + "/") }
    }

    /// Lists the keys of folders `first` through `last` of `parent` flat, as one lane.
    private func listRange(_ parent: String, from first: String, through last: String) async throws {
        let lane = newLane()
        let root = store.configuration.prefix
        let fullPrefix = root + parent
        let firstKey = ObjectKey(first)
        let lastFolder = ObjectKey(last)
        // Just before the first folder's keys: `x/` starts after `x.` and a high code point. Keys
        // between that and the folder belong to other lanes and are dropped here.
        let startAfter = root + String(first.dropLast()) + ".\u{10FFFF}"
        var token: String?
        var seen = Set<String>()
        var pages = 0
        while true {
            let page = try await store.requestListingPage(fullPrefix: fullPrefix, startAfter: startAfter, token: token)
            pages += 1
            var objects: [ObjectInfo] = []
            var past = false
            for object in try store.relativeObjects(of: page, fullPrefix: fullPrefix) {
                // Keys before the first folder, and keys of the parent itself (no `/` below it)
                // between the folders, are other lanes'.
                if object.key < firstKey || !object.key.rawValue.utf8.dropFirst(parent.utf8.count).contains(UInt8(ascii: "/")) { continue }
                guard object.key < lastFolder || object.key.rawValue.hasBytePrefix(last) else {
                    past = true
                    break
                }
                objects.append(object)
            }
            let next = past ? nil : try store.nextToken(after: page, fullPrefix: fullPrefix, pages: pages, seen: &seen)
            try await buffer.put(ListingPage(lane: lane, objects: objects, endsLane: next == nil))
            guard let next else { return }
            token = next
        }
    }
}
