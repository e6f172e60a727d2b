import ObjectStore
import Reporting
import Testing
@testable import Transfer

@Suite("TransferReport: the summary and the exit status")
struct SummaryTests {
    static func report(_ change: (inout TransferReport) -> Void) -> TransferReport {
        var report = TransferReport()
        report.duration = .milliseconds(1000)
        report.planningDuration = .milliseconds(230)
        change(&report)
        return report
    }

    @Test("a clean run: two lines, rates over the whole run, status 0")
    func cleanRun() {
        let report = Self.report { $0.copied = 20_000; $0.copiedBytes = 656_300_000 }
        #expect(report.summaryLines() == [
            "copied 20000 objects (656.3 MB) in 1.23 s: 533.6 MB/s, 16260 objects/s",
            "skipped 0 (0 B already there), mismatched 0, failed 0",
        ])
        #expect(report.exitStatus == ExitStatus.success)
    }

    @Test("mismatches: a third line ending with the caller's advice, status 3")
    func mismatches() {
        let report = Self.report { $0.copied = 1; $0.copiedBytes = 5; $0.skipped = 2; $0.skippedBytes = 2000; $0.mismatched = 2 }
        let lines = report.summaryLines(replaceAdvice: " (use --overwrite to replace)")
        #expect(lines.first?.hasPrefix("copied 1 object (5 B) in 1.23 s: ") == true)
        #expect(lines.dropFirst().first == "skipped 2 (2.0 kB already there), mismatched 2, failed 0")
        #expect(lines.last == "2 existing objects differ from the source and were left untouched (use --overwrite to replace)")
        #expect(report.summaryLines().last == "2 existing objects differ from the source and were left untouched",
                "the library names no flag")
        #expect(report.exitStatus == ExitStatus.mismatches)
    }

    @Test("a failure outranks mismatches; unverified and not attempted objects are counted")
    func failures() {
        let failure = TransferReport.Failure(object: ObjectInfo(key: "a", size: 1), error: ObjectStoreError(.io, "disk full"))
        let report = Self.report { $0.mismatched = 1; $0.failures = [failure]; $0.failed = 1; $0.unverified = 4; $0.notAttempted = 7 }
        #expect(report.summaryLines()[1] == "skipped 0 (0 B already there), mismatched 1, failed 1, unverified 4 (no source checksum; compared by size), not attempted 7")
        #expect(report.exitStatus == ExitStatus.failures)
    }

    @Test("a fatal error is described by the caller; an interrupt says how to finish")
    func stopped() {
        let fatal = ObjectStoreError(.unavailable, "the retry budget is spent")
        let report = Self.report { $0.fatal = fatal }
        #expect(report.summaryLines().last == "stopped: the retry budget is spent [unavailable]")
        #expect(report.summaryLines(describe: { "<\($0.message)>" }).last == "stopped: <the retry budget is spent> [unavailable]")
        #expect(report.exitStatus == ExitStatus.failures)
        let interrupted = Self.report { $0.interrupted = true; $0.mismatched = 3 }
        #expect(interrupted.summaryLines().last == "interrupted: nothing partial was kept; run the same command again to finish")
        #expect(interrupted.exitStatus == ExitStatus.interrupted)
    }

    @Test("a listing failure is a configuration error only when the user can fix the configuration", arguments: [
        (ObjectStoreError.Code.notFound, ExitStatus.usage), (.bucketNotFound, ExitStatus.usage), (.accessDenied, ExitStatus.usage),
        (.noCredentials, ExitStatus.usage), (.invalidCredentials, ExitStatus.usage), (.network, ExitStatus.failures),
        (.corrupt, ExitStatus.failures), (.unavailable, ExitStatus.failures),
    ])
    func listingFailure(_ code: ObjectStoreError.Code, _ status: Int32) {
        #expect(ExitStatus.forListingFailure(ObjectStoreError(code, "x")) == status)
    }
}
