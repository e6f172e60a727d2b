import ObjectStore

extension XMLScanner {
    /// Reads the character data of the element whose start tag was just read, up to and including
    /// its end tag, into `text` (emptied first). Entities and character references are expanded and
    /// line ends normalized to `\n`, as XML requires; child elements are skipped.
    ///
    /// The bytes are left as bytes: a key is compared and percent-decoded as UTF-8 before any
    /// `String` exists. `text` is a buffer the caller reuses from value to value.
    ///
    /// - Throws: `corrupt` for a malformed document or an unknown or malformed entity.
    mutating func readText(into text: inout [UInt8]) throws {
        text.removeAll(keepingCapacity: true)
        while let token = try next() {
            switch token {
            case .text(let range): try appendExpanding(range, to: &text)
            case .cdata(let range): appendNormalizingLineEnds(range, to: &text)
            case .start: try skipElement()
            case .end: return
            }
        }
    }

    /// Appends character data, expanding `&...;` and normalizing line ends.
    private func appendExpanding(_ range: Range<Int>, to text: inout [UInt8]) throws {
        guard contains(Self.ampersand, in: range) || contains(Self.carriageReturn, in: range) else {
            text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[range]))
            return
        }
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            switch byte {
            case Self.ampersand:
                index = try appendEntity(at: index, limit: range.upperBound, to: &text)
            case Self.carriageReturn:
                text.append(Self.lineFeed)
                index += 1
                if index < range.upperBound, bytes[index] == Self.lineFeed { index += 1 }
            default:
                text.append(byte)
                index += 1
            }
        }
    }

    private func appendNormalizingLineEnds(_ range: Range<Int>, to text: inout [UInt8]) {
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            index += 1
            guard byte == Self.carriageReturn else {
                text.append(byte)
                continue
            }
            text.append(Self.lineFeed)
            if index < range.upperBound, bytes[index] == Self.lineFeed { index += 1 }
        }
    }

    /// Expands the entity or character reference at `start` (an `&`); returns the offset after `;`.
    private func appendEntity(at start: Int, limit: Int, to text: inout [UInt8]) throws -> Int {
        // The longest reference worth reading is `&#x0010FFFF;`; S3 writes `&#13;`, `&quot;`, ...
        let searchEnd = min(limit, start + 16)
        guard let semicolon = (start + 1..<searchEnd).first(where: { bytes[$0] == Self.semicolon }) else {
            throw failure("an '&' that starts no entity", at: start)
        }
        let name = start + 1..<semicolon
        if name.count >= 2, bytes[name.lowerBound] == Self.numberSign {
            guard let scalar = characterReference(name.dropFirst()) else {
                throw failure("an invalid character reference &\(self.name(name));", at: start)
            }
            UTF8.encode(scalar) { text.append($0) }
        } else if self.name(name, is: "amp") {
            text.append(Self.ampersand)
        } else if self.name(name, is: "lt") {
            text.append(Self.lessThan)
        } else if self.name(name, is: "gt") {
            text.append(Self.greaterThan)
        } else if self.name(name, is: "quot") {
            text.append(Self.doubleQuote)
        } else if self.name(name, is: "apos") {
            text.append(Self.singleQuote)
        } else {
            throw failure("an unknown entity &\(self.name(name));", at: start)
        }
        return semicolon + 1
    }

    /// The scalar of `123` (decimal) or `x7B` (hexadecimal), if it names a Unicode scalar.
    ///
    /// Any scalar is accepted, control characters included: S3 writes `&#13;` for a carriage return
    /// in a key, and whether such a key may be stored is the destination's decision, not the parser's.
    private func characterReference(_ digits: Range<Int>) -> Unicode.Scalar? {
        var index = digits.lowerBound
        var radix: UInt32 = 10
        if bytes[index] == UInt8(ascii: "x") {
            radix = 16
            index += 1
        }
        guard index < digits.upperBound else { return nil }
        var value: UInt32 = 0
        while index < digits.upperBound {
            guard let digit = Self.digitValue(bytes[index], radix: radix) else { return nil }
            value = value * radix + digit
            guard value <= 0x10FFFF else { return nil }
            index += 1
        }
        return Unicode.Scalar(value)
    }

    private static func digitValue(_ byte: UInt8, radix: UInt32) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F") where radix == 16: return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    static var carriageReturn: UInt8 { 0x0D }
    static var lineFeed: UInt8 { 0x0A }
    static var semicolon: UInt8 { UInt8(ascii: ";") }
    static var numberSign: UInt8 { UInt8(ascii: "#") }
}
