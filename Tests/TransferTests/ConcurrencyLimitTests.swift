import ObjectStore
import Testing
@testable import Transfer

@Suite("ConcurrencyLimit and large-object layout")
struct ConcurrencyLimitTests {
    /// Feeds one window (the current limit's worth) of samples of `latency`.
    private func window(_ limit: inout ConcurrencyLimit, _ latency: Duration, binding: Bool = true) {
        if binding { limit.noteBinding() }
        for _ in 0..<limit.current { limit.record(firstByteAfter: latency) }
    }

    @Test("grows by a quarter per window while the limit binds and latency stays flat, up to the maximum")
    func growsWhileLatencyIsFlat() {
        var limit = ConcurrencyLimit.adaptive(start: 100, maximum: 200)
        window(&limit, .milliseconds(25))
        #expect(limit.current == 125)
        window(&limit, .milliseconds(26))
        #expect(limit.current == 156)
        window(&limit, .milliseconds(25))
        #expect(limit.current == 195)
        window(&limit, .milliseconds(25))
        #expect(limit.current == 200)
    }

    @Test("does not grow when nothing waited, holds when latency rises a little, shrinks when it rises a lot, never below the start")
    func holdsAndShrinks() {
        var limit = ConcurrencyLimit.adaptive(start: 100, maximum: 512)
        window(&limit, .milliseconds(10), binding: false)
        #expect(limit.current == 100)
        window(&limit, .milliseconds(10))
        #expect(limit.current == 125)
        window(&limit, .milliseconds(13))
        #expect(limit.current == 125)
        window(&limit, .milliseconds(16))
        #expect(limit.current == 110)
        window(&limit, .milliseconds(40))
        window(&limit, .milliseconds(40))
        #expect(limit.current == 100)
    }

    @Test("a fixed limit never moves")
    func fixedNeverMoves() {
        var limit = ConcurrencyLimit.fixed(8)
        #expect(!limit.isAdaptive)
        window(&limit, .milliseconds(1))
        window(&limit, .milliseconds(1))
        #expect(limit.current == 8)
        #expect(ConcurrencyLimit(workers: 8) == .fixed(8))
        #expect(!ConcurrencyLimit.adaptive(start: 8, maximum: 4).isAdaptive)
        #expect(ConcurrencyLimit(workers: nil) == .adaptive(start: 100, maximum: 512))
        #expect(ConcurrencyLimit(workers: nil).connections == 512 && ConcurrencyLimit(workers: nil).planningWidth == 32)
        #expect(ConcurrencyLimit(workers: 8).connections == 8 && ConcurrencyLimit(workers: 8).planningWidth == 8)
    }

    @Test("a large object is cut into ranges sized to the free slots and to itself, between the minimum and the part size")
    func largeObjectLayout() {
        let options = TransferOptions(partSize: 32 << 20, minimumPartSize: 8 << 20, partsInFlight: 32, bytesPerRangeInFlight: 24 << 20)
        let big = ObjectInfo(key: "big", size: 200 << 20)
        let wide = options.layout(of: big, rangedReads: true, freeSlots: 100)
        #expect(wide.parts.count == 8 && wide.inFlight == 8)
        #expect(wide.parts.allSatisfy { $0.count == 25 << 20 })
        let narrow = options.layout(of: big, rangedReads: true, freeSlots: 2)
        #expect(narrow.parts.count == 7 && narrow.inFlight == 2)
        #expect(narrow.parts.last == (192 << 20)..<(200 << 20))
        let middle = options.layout(of: big, rangedReads: true, freeSlots: 6)
        #expect(middle.parts.count == 7 && middle.inFlight == 6)
        #expect(middle.parts.reduce(0) { $0 + $1.count } == 200 << 20)
        let huge = options.layout(of: ObjectInfo(key: "huge", size: 2 << 30), rangedReads: true, freeSlots: 100)
        #expect(huge.parts.count == 64 && huge.inFlight == 32)
        let justOver = options.layout(of: ObjectInfo(key: "over", size: 40 << 20), rangedReads: true, freeSlots: 100)
        let tenMiB: Int64 = 10 << 20
        let quarters: [Range<Int64>] = (0..<4).map { Int64($0) * tenMiB..<Int64($0 + 1) * tenMiB }
        #expect(justOver.parts == quarters)
        #expect(justOver.inFlight == 4)
        #expect(options.layout(of: ObjectInfo(key: "s", size: 32 << 20), rangedReads: true, freeSlots: 100).parts == [0..<(32 << 20)])
        #expect(options.layout(of: big, rangedReads: false, freeSlots: 100).inFlight == 1)
        for (object, freeSlots) in [(big, 100), (big, 2), (big, 6), (ObjectInfo(key: "huge", size: 2 << 30), 100),
                                    (ObjectInfo(key: "over", size: 40 << 20), 100), (ObjectInfo(key: "s", size: 32 << 20), 100)] {
            #expect(options.rangesInFlight(of: object, freeSlots: freeSlots)
                    == options.layout(of: object, rangedReads: true, freeSlots: freeSlots).inFlight)
        }
    }
}
