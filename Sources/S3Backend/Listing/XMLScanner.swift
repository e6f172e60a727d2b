import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import ObjectStore

/// A forward-only reader of the small XML dialect S3 answers in: elements, attributes (skipped),
/// character data, CDATA, comments and processing instructions.
///
/// It hands out byte ranges into the document instead of strings, so a listing of a thousand keys
/// allocates one string per value it keeps and nothing per element. It checks what a listing needs
/// to be trusted: every element is closed by an end tag of the same name, and a document that stops
/// early (a connection cut mid-body) is an error, never a shorter document. Document type
/// declarations are refused, so no entity but the five predefined ones and character references
/// can ever be expanded.
///
/// The scanner reads memory it does not own: create it inside `withUnsafeBufferPointer` and do not
/// let it escape.
struct XMLScanner {
    /// One step through the document.
    enum Token: Equatable {
        /// A start tag (or an empty-element tag, which is followed by its own ``end``); the range of
        /// its name.
        case start(name: Range<Int>)
        /// The end of the innermost open element, already checked against its start tag.
        case end
        /// Character data as written, entities not yet expanded.
        case text(Range<Int>)
        /// The contents of a CDATA section, taken literally.
        case cdata(Range<Int>)
    }

    /// The document's bytes.
    let bytes: UnsafeBufferPointer<UInt8>
    /// What the document is, for error messages ("ListObjectsV2 response").
    let document: String
    /// The offset of the next byte to read.
    private(set) var position = 0
    /// Names of the elements opened and not yet closed, outermost first.
    private var open: [Range<Int>] = []
    /// Set after an empty-element tag (`<Prefix/>`): the next token is its end.
    private var pendingEnd = false
    /// Set once the root element has been closed; only whitespace, comments and processing
    /// instructions may follow.
    private var rootClosed = false

    init(bytes: UnsafeBufferPointer<UInt8>, document: String) {
        self.bytes = bytes
        self.document = document
        open.reserveCapacity(8)
        // A UTF-8 byte order mark may precede the document; some S3-compatible servers send one.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
    }

    /// The next token, or `nil` after the root element has been closed and only trailing whitespace,
    /// comments or processing instructions remained.
    ///
    /// - Throws: ``ObjectStore/ObjectStoreError`` `corrupt` when the document is not well-formed or
    ///   ends before its root element is closed.
    mutating func next() throws -> Token? {
        if pendingEnd {
            pendingEnd = false
            return closeInnermost()
        }
        while position < bytes.count {
            guard bytes[position] == Self.lessThan else {
                let start = position
                position = find(Self.lessThan, from: position) ?? bytes.count
                if open.isEmpty {
                    guard (start..<position).allSatisfy({ Self.isWhitespace(bytes[$0]) }) else {
                        throw failure("text outside the root element", at: start)
                    }
                    continue
                }
                return .text(start..<position)
            }
            if hasPrefix("<?") {
                position = try end(of: "?>", from: position + 2, inside: "a processing instruction")
            } else if hasPrefix("<!--") {
                position = try end(of: "-->", from: position + 4, inside: "a comment")
            } else if hasPrefix("<![CDATA[") {
                guard !open.isEmpty else { throw failure("CDATA outside the root element", at: position) }
                let start = position + 9
                position = try end(of: "]]>", from: start, inside: "a CDATA section")
                return .cdata(start..<(position - 3))
            } else if hasPrefix("<!DOCTYPE") {
                throw failure("document type declarations are not accepted", at: position)
            } else if hasPrefix("<!") {
                // `<!-` or `<![CDA` at the very end is a cut, anything else is not XML.
                guard bytes.count - position >= 9 else { throw cutShort(inside: "markup", at: position) }
                throw failure("unknown markup '<!'", at: position)
            } else if hasPrefix("</") {
                return try endTag()
            } else {
                return try startTag()
            }
        }
        if let innermost = open.last {
            throw failure("the document ends inside <\(name(innermost))>: it was cut short", at: bytes.count)
        }
        guard rootClosed else { throw failure("the document has no root element", at: bytes.count) }
        return nil
    }

    /// Skips the rest of the element whose start tag was just read, children included.
    mutating func skipElement() throws {
        var depth = 1
        while depth > 0, let token = try next() {
            switch token {
            case .start: depth += 1
            case .end: depth -= 1
            case .text, .cdata: break
            }
        }
    }

    /// Whether the name in `range` is exactly `literal` (byte for byte; XML names are case-sensitive).
    func name(_ range: Range<Int>, is literal: StaticString) -> Bool {
        guard range.count == literal.utf8CodeUnitCount, range.upperBound <= bytes.count else { return false }
        return memcmp(bytes.baseAddress! + range.lowerBound, literal.utf8Start, range.count) == 0
    }

    /// The text of a name, for messages.
    func name(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self).escapedForDisplay
    }

    /// A `corrupt` error that says where the document went wrong.
    func failure(_ reason: String, at offset: Int) -> ObjectStoreError {
        ObjectStoreError(
            .corrupt, "\(document) is not well-formed XML: \(reason) (byte \(offset) of \(bytes.count))",
            cause: ObjectStoreError.Cause(domain: "xml", code: "malformed"))
    }

    // MARK: - Tags

    private mutating func startTag() throws -> Token {
        let tagStart = position
        let name = try scanName(from: position + 1)
        var index = name.upperBound
        var empty = false
        attributes: while true {
            index = skipWhitespace(from: index)
            guard index < bytes.count else { throw cutShort(inside: "a start tag", at: tagStart) }
            switch bytes[index] {
            case Self.greaterThan:
                index += 1
                break attributes
            case Self.slash:
                guard index + 1 < bytes.count else { throw cutShort(inside: "a start tag", at: tagStart) }
                guard bytes[index + 1] == Self.greaterThan else { throw failure("'/' inside a start tag", at: index) }
                index += 2
                empty = true
                break attributes
            default:
                index = try skipAttribute(from: index, tagStart: tagStart)
            }
        }
        guard !rootClosed else { throw failure("a second root element", at: tagStart) }
        position = index
        open.append(name)
        pendingEnd = empty
        return .start(name: name)
    }

    private mutating func endTag() throws -> Token {
        let tagStart = position
        let name = try scanName(from: position + 2)
        let index = skipWhitespace(from: name.upperBound)
        guard index < bytes.count else { throw cutShort(inside: "an end tag", at: tagStart) }
        guard bytes[index] == Self.greaterThan else { throw failure("unexpected byte in an end tag", at: index) }
        guard let innermost = open.last else { throw failure("</\(self.name(name))> closes nothing", at: tagStart) }
        guard innermost.count == name.count,
              memcmp(bytes.baseAddress! + innermost.lowerBound, bytes.baseAddress! + name.lowerBound, name.count) == 0
        else {
            throw failure("</\(self.name(name))> closes <\(self.name(innermost))>", at: tagStart)
        }
        position = index + 1
        return closeInnermost()
    }

    private mutating func closeInnermost() -> Token {
        open.removeLast()
        if open.isEmpty { rootClosed = true }
        return .end
    }

    /// Skips `name = "value"` (or single quotes) and returns the offset after it.
    private func skipAttribute(from start: Int, tagStart: Int) throws -> Int {
        let name = try scanName(from: start, stoppingAt: Self.equals)
        var index = skipWhitespace(from: name.upperBound)
        guard index < bytes.count else { throw cutShort(inside: "a start tag", at: tagStart) }
        guard bytes[index] == Self.equals else { throw failure("an attribute without a value", at: index) }
        index = skipWhitespace(from: index + 1)
        guard index < bytes.count else { throw cutShort(inside: "a start tag", at: tagStart) }
        let quote = bytes[index]
        guard quote == Self.doubleQuote || quote == Self.singleQuote else {
            throw failure("an attribute value without quotes", at: index)
        }
        guard let close = find(quote, from: index + 1) else { throw cutShort(inside: "an attribute value", at: tagStart) }
        if (index + 1..<close).contains(where: { bytes[$0] == Self.lessThan }) {
            throw failure("'<' inside an attribute value", at: index)
        }
        return close + 1
    }

    /// The range of the name starting at `start`: up to whitespace, `/`, `>` (or `stop`).
    private func scanName(from start: Int, stoppingAt stop: UInt8 = greaterThan) throws -> Range<Int> {
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            // Element names are letters almost always; test those with one comparison.
            if (byte | 0x20) &- UInt8(ascii: "a") < 26 {
                index += 1
                continue
            }
            if Self.isWhitespace(byte) || byte == Self.slash || byte == Self.greaterThan || byte == stop { break }
            if byte == Self.lessThan || byte == Self.doubleQuote || byte == Self.singleQuote || byte == Self.equals
                || byte == Self.ampersand {
                throw failure("an invalid character in a name", at: index)
            }
            index += 1
        }
        guard index < bytes.count else { throw cutShort(inside: "a tag", at: start) }
        guard index > start else { throw failure("a tag without a name", at: start) }
        return start..<index
    }

    private func cutShort(inside what: String, at offset: Int) -> ObjectStoreError {
        failure("the document ends inside \(what): it was cut short", at: offset)
    }

    // MARK: - Bytes

    private func hasPrefix(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        return memcmp(bytes.baseAddress! + position, literal.utf8Start, count) == 0
    }

    /// The offset just past the first `terminator` at or after `start`.
    private func end(of terminator: StaticString, from start: Int, inside what: String) throws -> Int {
        let count = terminator.utf8CodeUnitCount
        let first = terminator.utf8Start.pointee
        var index = start
        while let candidate = find(first, from: index) {
            guard candidate + count <= bytes.count else { break }
            if memcmp(bytes.baseAddress! + candidate, terminator.utf8Start, count) == 0 { return candidate + count }
            index = candidate + 1
        }
        throw cutShort(inside: what, at: position)
    }

    /// Whether `byte` occurs in `range`.
    func contains(_ byte: UInt8, in range: Range<Int>) -> Bool {
        guard !range.isEmpty else { return false }
        return memchr(bytes.baseAddress! + range.lowerBound, Int32(byte), range.count) != nil
    }

    /// The offset of the first `byte` at or after `start`.
    func find(_ byte: UInt8, from start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        let base = bytes.baseAddress!
        guard let found = memchr(base + start, Int32(byte), bytes.count - start) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    private func skipWhitespace(from start: Int) -> Int {
        var index = start
        while index < bytes.count, Self.isWhitespace(bytes[index]) { index += 1 }
        return index
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    static var lessThan: UInt8 { UInt8(ascii: "<") }
    static var greaterThan: UInt8 { UInt8(ascii: ">") }
    static var slash: UInt8 { UInt8(ascii: "/") }
    static var equals: UInt8 { UInt8(ascii: "=") }
    static var ampersand: UInt8 { UInt8(ascii: "&") }
    static var doubleQuote: UInt8 { UInt8(ascii: "\"") }
    static var singleQuote: UInt8 { UInt8(ascii: "'") }
}
