import MemoryBackend
import ObjectStore
import Testing
import TestSupport
import Transfer

/// A listing that is a chain of requests (S3) holds slots of the request limit while it runs: the
/// copies get what the lanes leave.
@Suite("Listing requests count against the request limit")
struct TransferListingSlotsTests {
    @Test("while the listing runs, reads in flight stay below the limit by the listing's lanes", arguments: [1, 4])
    func listingHoldsSlots(lanes: Int) async throws {
        // Page 1 holds every object; page 2 (empty) comes only once all of them have started,
        // so every read happens while the listing is open.
        let objects = (0..<60).map { (ObjectKey("o\($0)"), 100 + $0) }
        let paged = PagedSource([objects, []], PagedSource.Settings(pagesWaitForReads: objects.count))
        // Fixed at 6, a source that queues requests may start 6 + 2 one-request objects.
        let expected = 6 + 2 - lanes
        var settings = ProbeStore.Settings()
        settings.queuesRequests = true
        settings.readDelay = .milliseconds(20)
        settings.holdReadsUntilInFlight = expected
        let source = ProbeStore(paged, settings)
        let listing = try await SourceListing.open(source, prefix: "", lanes: lanes)
        #expect(listing.requestsInFlight == lanes)
        let engine = TransferEngine(source: source, destination: MemoryStore(),
                                    options: TransferOptions(concurrency: .fixed(6)), retrying: fastRetries(), logger: quietLogger)
        let report = await engine.run(listing: listing)
        #expect(report.copied == objects.count)
        // The listing stays open until every read has started, or 60 s at most: under a loaded
        // full suite it has been seen to time out, ending the listing early (and freeing its
        // slots), so the count is checked only when it held.
        if !paged.waitedOut {
            #expect(source.maximumInFlight == expected, "at most \(expected) reads beside \(lanes) listing requests")
        }
        #expect(source.maximumInFlight <= 8)
    }

    @Test("a local listing holds no slots")
    func localListing() async throws {
        let memory = MemoryStore()
        for index in 0..<3 { memory.put(ObjectKey("k\(index)"), [1]) }
        let listing = try await SourceListing.open(memory, prefix: "", lanes: 8)
        #expect(listing.requestsInFlight == 0)
    }
}
