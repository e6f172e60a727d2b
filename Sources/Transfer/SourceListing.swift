import ObjectStore

/// A source listing read page by page while the transfer runs.
///
/// ``open(_:prefix:)`` waits for the first page, so that a missing bucket, refused credentials or a
/// missing folder fail before anything is written. Only one task reads at a time: the engine asks
/// for the next page only after the previous one arrived (hence `@unchecked Sendable`; the stream's
/// iterator is not `Sendable`).
public final class SourceListing: @unchecked Sendable {
    private var iterator: LanedListing.AsyncIterator
    private var firstPage: ListingPage?
    private let progress: TransferProgress?
    /// The share of the listing this run takes; the rest is dropped as each page arrives.
    public let shard: Shard
    /// Whether the last page has been read.
    public private(set) var isComplete = false
    /// The requests the listing keeps in flight until it ends: its lanes, for a source whose
    /// listing is a chain of requests to a server (``StoreCapabilities/queuesRequests``), else 0.
    /// The transfer counts them against its request limit.
    public let requestsInFlight: Int

    private init(iterator: LanedListing.AsyncIterator, firstPage: ListingPage?, shard: Shard, progress: TransferProgress?,
                 requestsInFlight: Int) {
        self.iterator = iterator
        self.firstPage = firstPage
        self.shard = shard
        self.requestsInFlight = requestsInFlight
        self.progress = progress
        self.isComplete = firstPage == nil
        if let firstPage { progress?.listed(firstPage.objects) } else { progress?.listingFinished() }
    }

    /// Starts listing `source` under `prefix` in up to `lanes` lanes
    /// (``ObjectStore/ObjectStore/listInLanes(prefix:lanes:)``) and waits for the first page. Every
    /// page read, this one included, keeps only the keys of `shard` and joins `progress`'s totals.
    /// (A page may then be empty; only `nil` ends the listing.)
    ///
    /// - Throws: what the listing fails with (`notFound`, `bucketNotFound`, `accessDenied`,
    ///   `invalidCredentials`, `network`, ...), or `cancelled`.
    public static func open(_ source: any ObjectStore, prefix: String, lanes: Int = 1, shard: Shard = .whole,
                            progress: TransferProgress? = nil) async throws -> SourceListing {
        var iterator = source.listInLanes(prefix: prefix, lanes: max(1, lanes)).makeAsyncIterator()
        let first = try await iterator.next().map(shard.selecting)
        try Task.checkCancellation()
        return SourceListing(iterator: iterator, firstPage: first, shard: shard, progress: progress,
                             requestsInFlight: source.capabilities.queuesRequests ? max(1, lanes) : 0)
    }

    /// The next page (of any lane), or `nil` after the last one.
    ///
    /// - Throws: what the listing fails with; `cancelled` when the calling task is cancelled (a
    ///   cancelled stream would otherwise look like a finished one).
    public func nextPage() async throws -> ListingPage? {
        if let page = firstPage {
            firstPage = nil
            return page
        }
        guard !isComplete else { return nil }
        let page = try await iterator.next().map(shard.selecting)
        if Task.isCancelled { throw ObjectStoreError(.cancelled, "listing cancelled") }
        if let page {
            progress?.listed(page.objects)
        } else {
            isComplete = true
            progress?.listingFinished()
        }
        return page
    }
}
