import ObjectStore
import Testing
@testable import Transfer

@Suite("RangeRamp: ranges in flight from the measured aggregate rate")
struct RangeRampTests {
    /// A link that carries `perConnection` bytes per second on each connection, `total` at most
    /// in all: ranges of `rangeBytes` finish one after another at the rate the width gives.
    private struct Link {
        var perConnection: Double
        var total: Double
        var rangeBytes: Int64 = 32 << 20
        var clock = ContinuousClock.now
        var copied: Int64 = 0

        /// Finishes `count` ranges at `width` in flight, feeding each to `ramp` (with a range
        /// held back before each, unless `demand` is off); returns whether any ended a window.
        @discardableResult
        mutating func finish(_ count: Int, of ramp: inout RangeRamp, demand: Bool = true) -> Bool {
            var decided = false
            for _ in 0..<count {
                if demand { ramp.noteHeldBack() }
                let aggregate = min(total, perConnection * Double(ramp.width))
                let perRange = aggregate / Double(ramp.width)
                clock += .seconds(Double(rangeBytes) / aggregate)
                copied += rangeBytes
                decided = ramp.rangeFinished(bytes: rangeBytes, lasted: .seconds(Double(rangeBytes) / perRange), at: clock,
                                             runBytes: copied) || decided
            }
            return decided
        }

        /// Finishes ranges until the ramp settles (at most `limit`); returns how many it took.
        mutating func settle(_ ramp: inout RangeRamp, limit: Int = 1000) -> Int {
            var count = 0
            while !ramp.isSettled, count < limit {
                finish(1, of: &ramp)
                count += 1
            }
            return count
        }
    }

    /// A ramp from `firstWidth` to `ceiling`, run over `link` until it settles.
    private func settled(firstWidth: Int, ceiling: Int, on link: Link) -> RangeRamp {
        var ramp = RangeRamp(firstWidth: firstWidth, ceiling: ceiling)
        var link = link
        _ = link.settle(&ramp)
        return ramp
    }

    @Test("grows by half while the aggregate rate grows, settles at the fewest connections that gave the best rate")
    func growsThenSettles() {
        // 100 MB/s per connection, 1.3 GB/s in all: 8 -> 12 -> 18 gives 800, 1200, 1300 MB/s;
        // 18 is under 10% better than 12, so 12 it is.
        var ramp = RangeRamp(firstWidth: 8, ceiling: 100)
        var link = Link(perConnection: 100e6, total: 1.3e9)
        #expect(ramp.width == 8 && !ramp.isSettled)
        _ = link.settle(&ramp)
        #expect(ramp.isSettled)
        #expect(ramp.width == 12)
        #expect(ramp.trials.map(\.width) == [8, 12, 18])
        let rates = ramp.trials.map { ($0.rate / 1e6).rounded() }
        #expect(rates == [800, 1200, 1300])
    }

    @Test("a link that one connection fills: the first widening gains nothing and the width goes back")
    func flatRateGoesBack() {
        let ramp = settled(firstWidth: 4, ceiling: 64, on: Link(perConnection: 500e6, total: 400e6))
        #expect(ramp.isSettled && ramp.width == 4)
        #expect(ramp.trials.map(\.width) == [4, 6])
    }

    @Test("a link with room grows to the ceiling and stops there")
    func growsToTheCeiling() {
        let ramp = settled(firstWidth: 8, ceiling: 32, on: Link(perConnection: 90e6, total: 100e9))
        #expect(ramp.isSettled && ramp.width == 32)
        #expect(ramp.trials.map(\.width) == [8, 12, 18, 27, 32])
        // A ceiling below the first width starts settled there.
        let capped = RangeRamp(firstWidth: 8, ceiling: 3)
        #expect(capped.width == 3 && capped.isSettled)
    }

    @Test("ranges that started under the old width are not measured: one width's worth finishes first, then one is measured")
    func windowsWaitForTheNewWidth() {
        var ramp = RangeRamp(firstWidth: 4, ceiling: 64)
        var link = Link(perConnection: 100e6, total: 10e9)
        // 4 to ramp in, then the 4th of the measured ones ends the window.
        #expect(!link.finish(7, of: &ramp))
        #expect(ramp.width == 4 && ramp.trials.isEmpty)
        #expect(link.finish(1, of: &ramp))
        #expect(ramp.width == 6 && ramp.trials.count == 1)
        // Now 6 ramp in and 6 are measured.
        #expect(!link.finish(11, of: &ramp))
        #expect(link.finish(1, of: &ramp))
        #expect(ramp.width == 9)
    }

    @Test("a window in which no range waited for the width decides nothing: the objects could not use more")
    func windowsWithoutDemandDecideNothing() {
        var ramp = RangeRamp(firstWidth: 4, ceiling: 64)
        var link = Link(perConnection: 100e6, total: 10e9)
        #expect(!link.finish(40, of: &ramp, demand: false))
        #expect(ramp.width == 4 && !ramp.isSettled && ramp.trials.isEmpty)
        // Demand comes back: the next window that saw it decides.
        #expect(!link.finish(3, of: &ramp))
        #expect(link.finish(1, of: &ramp))
        #expect(ramp.width == 6 && ramp.trials.count == 1)
    }

    @Test("new ranges last about a quarter second at the per-connection rate; the layout clamps them to the part sizes")
    func rangeSizeFollowsTheConnectionRate() {
        var ramp = RangeRamp(firstWidth: 8, ceiling: 100)
        #expect(ramp.preferredRangeSize == nil)
        let start = ContinuousClock.now
        // 16 MB in 0.25 s: 64 MB/s, so 16 MB ranges.
        ramp.rangeFinished(bytes: 16_000_000, lasted: .milliseconds(250), at: start, runBytes: 16_000_000)
        #expect(ramp.connectionRate == 64e6)
        #expect(ramp.preferredRangeSize == 16_000_000)
        // A slower range moves the average by a quarter of the difference: 64 -> 52 MB/s.
        ramp.rangeFinished(bytes: 4_000_000, lasted: .milliseconds(250), at: start, runBytes: 20_000_000)
        #expect(ramp.connectionRate == 52e6)
        #expect(ramp.preferredRangeSize == 13_000_000)
        let huge = ObjectInfo(key: "huge", size: 1 << 30)
        func rangeSize(minimum: Int64, maximum: Int64, preferred: Int64?) -> Int64? {
            let options = TransferOptions(partSize: maximum, minimumPartSize: minimum, partsInFlight: 32, bytesPerRangeInFlight: 24 << 20)
            return options.layout(of: huge, rangedReads: true, freeSlots: 100, rangeSize: preferred).parts.first.map { Int64($0.count) }
        }
        #expect(rangeSize(minimum: 8 << 20, maximum: 32 << 20, preferred: nil) == 32 << 20)
        #expect(rangeSize(minimum: 8 << 20, maximum: 32 << 20, preferred: ramp.preferredRangeSize) == 13_000_000)
        #expect(rangeSize(minimum: 16 << 20, maximum: 32 << 20, preferred: ramp.preferredRangeSize) == 16 << 20)
        #expect(rangeSize(minimum: 1 << 20, maximum: 4 << 20, preferred: ramp.preferredRangeSize) == 4 << 20)
    }

    @Test("a layout takes the measured range size as its largest, never above the part size or below the minimum")
    func layoutTakesTheMeasuredSize() {
        let options = TransferOptions(partSize: 32 << 20, minimumPartSize: 8 << 20, partsInFlight: 32, bytesPerRangeInFlight: 24 << 20)
        let huge = ObjectInfo(key: "huge", size: 1 << 30)
        #expect(options.layout(of: huge, rangedReads: true, freeSlots: 100, rangeSize: 16 << 20).parts.count == 64)
        #expect(options.layout(of: huge, rangedReads: true, freeSlots: 100, rangeSize: 1 << 20).parts.count == 128)
        #expect(options.layout(of: huge, rangedReads: true, freeSlots: 100, rangeSize: 1 << 30).parts.count == 32)
        #expect(options.rangesInFlight(of: huge, freeSlots: 100, rangeSize: 16 << 20) == 32)
    }
}
