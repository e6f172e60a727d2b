import ObjectStore
import Reporting
import Testing
@testable import Transfer

@Suite("The dry-run listing and the progress line")
struct DryRunAndProgressTests {
    static let plan = TransferPlan(items: [
        .init(source: ObjectInfo(key: "new", size: 1500), outcome: .decided(Decision(.copy, .missing))),
        .init(source: ObjectInfo(key: "same", size: 10), outcome: .decided(Decision(.skip, .sizeMatches))),
        .init(source: ObjectInfo(key: "other", size: 10), outcome: .decided(Decision(.reportMismatch, .sizeDiffers(local: 7, source: 10)))),
        .init(source: ObjectInfo(key: "changed", size: 2), outcome: .decided(Decision(.copy, .sizeDiffers(local: 1, source: 2)))),
        .init(source: ObjectInfo(key: "../up", size: 3), outcome: .failed(ObjectStoreError(.invalidKey, "the key leaves the destination"))),
    ])

    @Test("one line per item with verb, escaped path and reason; the summary counts them")
    func dryRun() {
        let lines = Self.plan.items.map { $0.dryRunLine(location: "dst/" + $0.source.key.rawValue) }
        #expect(lines == [
            "copy      dst/new  (missing, 1.5 kB)",
            "skip      dst/same  (size matches, 10 B)",
            "mismatch  dst/other  (size mismatch (local 7 bytes, source 10 bytes), 10 B)",
            "replace   dst/changed  (size mismatch (local 1 bytes, source 2 bytes), 2 B)",
            "fail      dst/../up  (the key leaves the destination [invalidKey])",
        ])
        #expect(Self.plan.items[0].dryRunLine(location: "dst/a\nb").contains("dst/a\\nb"), "a newline in a name cannot forge a line")
        #expect(Self.plan.dryRunSummary == "dry run: would copy 2 objects (1.5 kB), skip 1, report 1 mismatch; 1 failed; nothing was written")
        #expect(Self.plan.predictedExitStatus == ExitStatus.failures)
        #expect(TransferPlan(items: Array(Self.plan.items.prefix(3))).predictedExitStatus == ExitStatus.mismatches)
    }

    @Test("progress: open totals while listing, a rate and an estimate once final")
    func progress() {
        var snapshot = TransferProgress.Snapshot(bytesTransferred: 45_600_000, objectsDone: 1234, inFlight: 0,
                                                 objectsTotal: 20_000, bytesTotal: 656_300_000, totalsFinal: false)
        #expect(snapshot.line(elapsed: .milliseconds(100)) == "1234/20000+ objects  45.6 MB/656.3 MB+")
        snapshot.totalsFinal = true
        snapshot.inFlight = 8
        #expect(snapshot.line(elapsed: .seconds(1)) == "1234/20000 objects  45.6 MB/656.3 MB  45.6 MB/s  ETA 0:14  (8 in flight)")
    }
}
