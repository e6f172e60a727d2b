@testable import S3Backend
import Testing

/// Split points of a flat key space: strictly between the bounds, made of printable ASCII other
/// than `/`, and even for names spread evenly over the characters seen.
@Suite("KeySpaceSplit")
struct KeySpaceSplitTests {
    static let hex = Array("0123456789abcdef".utf8)

    @Test("a point lies strictly between its bounds and holds no slash or byte outside printable ASCII")
    func between() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("-./09AZaz_~ \u{7F}".utf8) + [0xC3, 0xA9, 0x00]
        var split = 0
        for _ in 0..<5000 {
            func random() -> [UInt8] { (0..<Int.random(in: 0...6, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! } }
            var pair = [random(), random()].sorted { $0.lexicographicallyPrecedes($1) }
            if pair[0] == pair[1] { continue }
            // An upper bound is itself a split point: printable ASCII without a slash.
            pair[1] = pair[1].filter(KeySpaceSplit.isSymbol)
            guard pair[0].lexicographicallyPrecedes(pair[1]) else { continue }
            let upper: [UInt8]? = Bool.random(using: &generator) ? pair[1] : nil
            let symbols = Array(Set(pair[0].filter(KeySpaceSplit.isSymbol))).sorted()
            guard let point = KeySpaceSplit.point(after: pair[0], before: upper, symbols: symbols) else { continue }
            split += 1
            #expect(pair[0].lexicographicallyPrecedes(point), "\(pair[0]) < \(point)")
            if let upper { #expect(point.lexicographicallyPrecedes(upper), "\(point) < \(upper)") }
            #expect(point.allSatisfy(KeySpaceSplit.isSymbol), "\(point)")
        }
        #expect(split > 2000, "most random pairs split: \(split)")
    }

    @Test("a lower bound with a byte outside the symbols never lends it to the point (a case the random test found)")
    func foreignByteInLowerBound() {
        let lower: [UInt8] = Array("AZZ".utf8) + [0xC3]
        let point = KeySpaceSplit.point(after: lower, before: Array("_ AZ".utf8), symbols: Array("AZ".utf8))
        #expect(point?.allSatisfy(KeySpaceSplit.isSymbol) ?? true, "\(point ?? [])")
        if let point { #expect(lower.lexicographicallyPrecedes(point)) }
    }

    @Test("hexadecimal names split near the middle of what is left")
    func hexadecimal() throws {
        let point = try #require(KeySpaceSplit.point(after: Array("0a3f".utf8), before: nil, symbols: Self.hex))
        #expect(point.first.map { (UInt8(ascii: "7")...UInt8(ascii: "8")).contains($0) } == true, "\(String(decoding: point, as: UTF8.self))")
        let half = try #require(KeySpaceSplit.point(after: Array("80".utf8), before: Array("c".utf8), symbols: Self.hex))
        #expect(String(decoding: half, as: UTF8.self).hasPrefix("a") || String(decoding: half, as: UTF8.self).hasPrefix("9"))
    }

    @Test("bounds with nothing between them at five characters do not split")
    func tooNarrow() {
        #expect(KeySpaceSplit.point(after: Array("a".utf8), before: Array("a ".utf8), symbols: Array(" a".utf8)) == nil)
        #expect(KeySpaceSplit.point(after: Array("az".utf8), before: Array("b".utf8), symbols: Array("abz".utf8)) != nil)
    }

    @Test("a counter's splits home in on its keys: each miss past the last key halves the gap")
    func counter() throws {
        // Keys 000000...001999: a split past 002 lists nothing; the next split is lower. Listers
        // idle at once split one after the other without waiting, so a few round trips suffice.
        var upper: [UInt8]? = nil
        var misses = 0
        let position = Array("000999".utf8)
        while true {
            let point = try #require(KeySpaceSplit.point(after: position, before: upper, symbols: Array("0123456789".utf8)))
            if point.lexicographicallyPrecedes(Array("002".utf8)) { break }
            misses += 1
            upper = point
            if misses >= 20 { break }
        }
        // From "past every digit" down to 002 is a factor of 2,500: about 11 halvings.
        #expect(misses <= 11, "\(misses) empty lanes before a useful split")
    }
}
