import Testing
@testable import Transfer

@Suite("ConcurrencyLimit under throttling")
struct ConcurrencyLimitThrottlingTests {
    /// Feeds `count` finished copies with a flat time to first byte.
    private func finish(_ limit: inout ConcurrencyLimit, _ count: Int) {
        for _ in 0..<count {
            limit.noteBinding()
            limit.noteFinished(firstByteAfter: .milliseconds(10))
        }
    }

    @Test("a fixed limit halves on throttling, once per window, and grows back by one per window up to -j")
    func fixedHalvesAndRecovers() {
        var limit = ConcurrencyLimit.fixed(32)
        limit.noteThrottled()
        #expect(limit.current == 16)
        limit.noteThrottled()  // the requests already in flight complain too: no second halving
        #expect(limit.current == 16)
        finish(&limit, 16)
        #expect(limit.current == 17)
        limit.noteThrottled()  // a window is the limit's worth: 17 copies since the halving
        #expect(limit.current == 17)
        finish(&limit, 1)
        limit.noteThrottled()
        #expect(limit.current == 8)
        finish(&limit, 8 + 9 + 10)
        #expect(limit.current == 11)
        finish(&limit, 10_000)
        #expect(limit.current == 32)
    }

    @Test("an adaptive limit drops below its start on throttling, and then grows only slowly")
    func adaptiveHalves() {
        var limit = ConcurrencyLimit.adaptive(start: 100, maximum: 512)
        finish(&limit, 100)
        #expect(limit.current == 125)
        limit.noteThrottled()
        #expect(limit.current == 62)
        finish(&limit, 62)
        #expect(limit.current == 63)
        for _ in 0..<30 { limit.noteThrottled(); finish(&limit, limit.current + 1) }
        #expect(limit.current >= 1 && limit.current <= 2)
    }
}
