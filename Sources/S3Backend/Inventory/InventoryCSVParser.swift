import ObjectStore

/// Reads the rows of an inventory data file's CSV, fed in chunks of any size.
///
/// The format is RFC 4180 as S3 Inventory writes it: fields separated by `,`, each in double quotes
/// (`""` inside stands for one quote, and commas and line breaks inside are data), rows ended by
/// `\n` or `\r\n`, no header line. Unquoted fields are read too. A row, a field, even a `""`, may
/// be split across chunks. The fields of a row are handed out as slices of one buffer that is
/// reused for every row, so once it has grown to the longest row, reading allocates nothing.
struct InventoryCSVParser {
    /// One complete row, valid during the callback that receives it.
    struct Row {
        /// Which row of the file this is, from 1.
        let number: Int
        /// The unescaped bytes of every field, one after another.
        fileprivate let bytes: [UInt8]
        /// Where each field ends in ``bytes``.
        fileprivate let ends: [Int]

        /// How many fields the row has.
        var count: Int { ends.count }

        /// The bytes of field `index` (from 0), unquoted and unescaped.
        subscript(index: Int) -> ArraySlice<UInt8> {
            bytes[(index == 0 ? 0 : ends[index - 1])..<ends[index]]
        }
    }

    /// The longest row read; past it the file is taken to be damaged rather than read into memory
    /// without end. (S3 keys are at most 1,024 bytes, so real rows are far shorter.)
    static let maximumRowBytes = 1 << 20

    private enum State {
        /// At the start of a field (the first byte, or after `,`).
        case fieldStart
        /// Inside a field that did not start with a quote.
        case unquoted
        /// Inside a quoted field.
        case quoted
        /// After a quote inside a quoted field: the field's end, or the first half of `""`.
        case quoteInQuoted
        /// After a `\r` that ended a field, which must be followed by `\n`.
        case carriageReturn
    }

    /// How many fields every row must have.
    let fieldCount: Int
    private let source: String
    private var bytes: [UInt8] = []
    private var ends: [Int] = []
    private var state = State.fieldStart
    private var rowNumber = 1

    /// - Parameters:
    ///   - fieldCount: the number of columns of the schema.
    ///   - source: what is being read, for messages ("the inventory file data/1.csv.gz").
    init(fieldCount: Int, source: String) {
        precondition(fieldCount > 0)
        self.fieldCount = fieldCount
        self.source = source
        bytes.reserveCapacity(4096)
        ends.reserveCapacity(fieldCount)
    }

    /// Reads the next bytes of the file, calling `row` for each row they complete, in order.
    ///
    /// - Throws: `corrupt`, naming the row, for text after a closing quote other than `,` or a
    ///   line end, a quote inside an unquoted field, a `\r` not followed by `\n`, a row with more or
    ///   fewer fields than ``fieldCount``, or one longer than ``maximumRowBytes``; anything `row`
    ///   throws, unchanged.
    mutating func parse(_ chunk: UnsafeRawBufferPointer, row: (Row) throws -> Void) throws {
        var index = 0
        while index < chunk.count {
            switch state {
            case .quoted:
                // The run up to the next quote is data, whatever it holds.
                let end = chunk[index...].firstIndex(of: Self.quote) ?? chunk.count
                try append(chunk, index..<end)
                guard end < chunk.count else { return }
                state = .quoteInQuoted
                index = end + 1
            case .unquoted:
                let end = chunk[index...].firstIndex(where: Self.endsUnquotedRun) ?? chunk.count
                try append(chunk, index..<end)
                guard end < chunk.count else { return }
                guard chunk[end] != Self.quote else { throw corrupt("has a quote inside an unquoted field") }
                try endField(at: chunk[end], row: row)
                index = end + 1
            case .fieldStart:
                let byte = chunk[index]
                if byte == Self.quote {
                    state = .quoted
                    index += 1
                } else if Self.isFieldEnd(byte) {
                    try endField(at: byte, row: row)
                    index += 1
                } else {
                    state = .unquoted
                }
            case .quoteInQuoted:
                let byte = chunk[index]
                if byte == Self.quote {
                    try append(Self.quote)
                    state = .quoted
                } else if Self.isFieldEnd(byte) {
                    try endField(at: byte, row: row)
                } else {
                    throw corrupt("has text after the closing quote of field \(ends.count + 1)")
                }
                index += 1
            case .carriageReturn:
                guard chunk[index] == Self.lineFeed else { throw corrupt("has a carriage return not followed by a line feed") }
                try endRow(row)
                index += 1
            }
        }
    }

    /// Ends the file: a last row without a line break is handed to `row`.
    ///
    /// - Throws: `corrupt` for a quoted field that is never closed or a `\r` at the very end, and
    ///   as ``parse(_:row:)`` for the last row.
    mutating func finish(row: (Row) throws -> Void) throws {
        switch state {
        case .fieldStart:
            // Nothing of a row yet, or a row whose last field is empty (`"a",`).
            guard !ends.isEmpty else { return }
        case .unquoted, .quoteInQuoted:
            break
        case .quoted:
            throw corrupt("ends inside a quoted field (the closing quote is missing)")
        case .carriageReturn:
            throw corrupt("has a carriage return not followed by a line feed")
        }
        try endField(at: Self.lineFeed, row: row)
    }

    // MARK: - Steps

    /// Ends the field before `byte` (`,`, `\n` or `\r`), and the row with it when it is a line end.
    private mutating func endField(at byte: UInt8, row: (Row) throws -> Void) throws {
        ends.append(bytes.count)
        guard ends.count <= fieldCount else { throw corrupt("has more than the schema's \(fieldCount) fields") }
        switch byte {
        case Self.comma: state = .fieldStart
        case Self.lineFeed: try endRow(row)
        default: state = .carriageReturn
        }
    }

    private mutating func endRow(_ row: (Row) throws -> Void) throws {
        guard ends.count == fieldCount else {
            throw corrupt("has \(ends.count) field\(ends.count == 1 ? "" : "s"), not the schema's \(fieldCount)")
        }
        try row(Row(number: rowNumber, bytes: bytes, ends: ends))
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        rowNumber += 1
        state = .fieldStart
    }

    private mutating func append(_ chunk: UnsafeRawBufferPointer, _ range: Range<Int>) throws {
        guard !range.isEmpty else { return }
        guard bytes.count + range.count <= Self.maximumRowBytes else { throw tooLong() }
        bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[range]))
    }

    private mutating func append(_ byte: UInt8) throws {
        guard bytes.count < Self.maximumRowBytes else { throw tooLong() }
        bytes.append(byte)
    }

    private func tooLong() -> ObjectStoreError {
        corrupt("is longer than \(Self.maximumRowBytes) bytes")
    }

    /// A `corrupt` error about the current row.
    private func corrupt(_ reason: String) -> ObjectStoreError {
        ObjectStoreError(.corrupt, "\(source), row \(rowNumber): the row \(reason)",
                         cause: ObjectStoreError.Cause(domain: "csv", code: "invalid"))
    }

    private static func isFieldEnd(_ byte: UInt8) -> Bool {
        byte == comma || byte == lineFeed || byte == carriageReturn
    }

    private static func endsUnquotedRun(_ byte: UInt8) -> Bool {
        isFieldEnd(byte) || byte == quote
    }

    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
}
