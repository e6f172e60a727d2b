/// Where to split a run of keys in two, knowing only where the run is now and where it must stop.
///
/// A listing lane of a flat key space (keys without `/`) is one chain of pages. To list it side by
/// side, an idle lister splits the rest of a running lane at a point between the lane's position
/// and its end: the running lane stops before the point, a new lane starts there. Nothing tells how
/// the keys are spread, so the point is the middle of the two bounds read as numbers whose digits
/// are the characters seen in the lane's keys (``Alphabet``): for hexadecimal names that is an even
/// split at once; for zero-padded counters most first splits fall past the last key, and the lane
/// started there ends after one empty page, so each miss halves the gap (a few round trips).
///
/// Points are printable ASCII other than `/` and `%`, so a point is valid in a request and never falls
/// inside a folder of the lane's level (both halves of a split see whole folders).
enum KeySpaceSplit {
    /// The characters seen in a lane's keys that may be in a point (``isSymbol(_:)``).
    struct Alphabet: Sendable {
        private var seen: (UInt64, UInt64) = (0, 0)

        init() {}

        /// Notes the characters of `bytes`.
        mutating func note(_ bytes: some Sequence<UInt8>) {
            for byte in bytes where KeySpaceSplit.isSymbol(byte) {
                if byte < 64 { seen.0 |= 1 << UInt64(byte) } else { seen.1 |= 1 << UInt64(byte - 64) }
            }
        }

        /// The characters noted, ascending.
        var symbols: [UInt8] {
            (0x20...0x7E).filter { byte in
                byte < 64 ? seen.0 & (1 << UInt64(byte)) != 0 : seen.1 & (1 << UInt64(byte - 64)) != 0
            }
        }
    }

    /// Whether a byte may appear in a split point: printable ASCII, not `/`, and not `%` (which
    /// some servers echo back in `StartAfter` without escaping it).
    static func isSymbol(_ byte: UInt8) -> Bool {
        (0x20...0x7E).contains(byte) && byte != UInt8(ascii: "/") && byte != UInt8(ascii: "%")
    }

    /// Every character a split point may hold, for a lane that has seen fewer than two.
    static let allSymbols: [UInt8] = (0x20...0x7E).filter(isSymbol)

    /// A point strictly between `lower` and `upper` (`nil`: no end), made of `symbols`, or `nil`
    /// when the bounds are too close (or too far outside the symbols) to split.
    ///
    /// Bounds and point are the bytes of keys after the lane's prefix.
    static func point(after lower: [UInt8], before upper: [UInt8]?, symbols: [UInt8]) -> [UInt8]? {
        let symbols = symbols.count >= 2 ? symbols : allSymbols
        // Digit 0 is "the key has ended", 1...m the symbols, m + 1 "past every symbol".
        let base = symbols.count + 2
        var common = 0
        if let upper {
            while common < lower.count, common < upper.count, lower[common] == upper[common] { common += 1 }
        }
        for digits in 2...5 {
            let low = value(of: lower, from: common, digits: digits, symbols: symbols, base: base)
            let high = upper.map { value(of: $0, from: common, digits: digits, symbols: symbols, base: base) }
                ?? (base - 1) * power(base, digits - 1)
            guard high - low >= 2 else { continue }
            var point = Array(lower.prefix(common)) + spell((low + high) / 2, digits: digits, symbols: symbols, base: base)
            // A middle that spells as the lower bound itself (its digits ran past the last symbol)
            // still has room after it.
            if !lower.lexicographicallyPrecedes(point), point.starts(with: lower) || lower.starts(with: point) {
                point = Array(lower.prefix(common + digits)) + [symbols[symbols.count / 2]]
            }
            // The fallback keeps bytes of the lower bound, which may be no symbols (UTF-8, `/`).
            guard lower.lexicographicallyPrecedes(point), upper.map({ point.lexicographicallyPrecedes($0) }) ?? true,
                  point.allSatisfy(isSymbol) else { continue }
            return point
        }
        return nil
    }

    /// `bytes[start...]` read as `digits` digits: each byte as the largest symbol not above it.
    private static func value(of bytes: [UInt8], from start: Int, digits: Int, symbols: [UInt8], base: Int) -> Int {
        var value = 0
        for index in start..<(start + digits) {
            var digit = 0
            if index < bytes.count {
                digit = symbols.lastIndex(where: { $0 <= bytes[index] }).map { $0 + 1 } ?? 0
            }
            value = value * base + digit
        }
        return value
    }

    /// The symbols of `value`, trailing "ended" digits dropped; a digit past every symbol is
    /// spelled as the last symbol, an "ended" digit before a symbol as the first.
    private static func spell(_ value: Int, digits: Int, symbols: [UInt8], base: Int) -> [UInt8] {
        var digitsOfValue: [Int] = []
        var rest = value
        for _ in 0..<digits {
            digitsOfValue.append(rest % base)
            rest /= base
        }
        digitsOfValue.reverse()
        while digitsOfValue.last == 0 { digitsOfValue.removeLast() }
        return digitsOfValue.map { symbols[min(max($0, 1), symbols.count) - 1] }
    }

    private static func power(_ base: Int, _ exponent: Int) -> Int {
        (0..<exponent).reduce(1) { result, _ in result * base }
    }
}
