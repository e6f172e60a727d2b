import ObjectStore
@testable import S3Backend
import Testing

struct InventoryCSVParserTests {
    /// The rows of `bytes` (field by field), fed `chunkSize` bytes at a time.
    static func rows(_ bytes: [UInt8], fields: Int, chunkSize: Int) throws -> [[[UInt8]]] {
        var parser = InventoryCSVParser(fieldCount: fields, source: "test.csv")
        var rows: [[[UInt8]]] = []
        var numbers: [Int] = []
        let collect = { (row: InventoryCSVParser.Row) in
            rows.append((0..<row.count).map { Array(row[$0]) })
            numbers.append(row.number)
        }
        try bytes.withUnsafeBytes { buffer in
            var start = 0
            while start < buffer.count {
                let end = min(start + chunkSize, buffer.count)
                try parser.parse(UnsafeRawBufferPointer(rebasing: buffer[start..<end]), row: collect)
                start = end
            }
        }
        try parser.finish(row: collect)
        #expect(numbers == (0..<rows.count).map { $0 + 1 })
        return rows
    }

    static func code(_ text: String, fields: Int, chunkSize: Int) -> ObjectStoreError.Code? {
        do {
            _ = try rows(Array(text.utf8), fields: fields, chunkSize: chunkSize)
            return nil
        } catch {
            return (error as? ObjectStoreError)?.code
        }
    }

    static let tricky = "\"a\",\"b,c\",\"\"\n"
        + "\"say \"\"hi\"\"\",\"\"\"\"\"\",\"x\"\r\n"
        + "\"line\nbreak\",\"cr\r\nlf\",\"\"\"\"\n"
        + "plain,\"\",unquoted text\r\n"
        + "\"é😀\",\",\",\"\"\"a\"\"\"\n"
        + ",,\n"
        + "\"last\",\"no\",\"newline\""

    static let trickyRows: [[String]] = [
        ["a", "b,c", ""],
        ["say \"hi\"", "\"\"", "x"],
        ["line\nbreak", "cr\r\nlf", "\""],
        ["plain", "", "unquoted text"],
        ["é😀", ",", "\"a\""],
        ["", "", ""],
        ["last", "no", "newline"],
    ]

    @Test(arguments: 1...7)
    func everyChunkSizeGivesTheSameRows(chunkSize: Int) throws {
        let rows = try Self.rows(Array(Self.tricky.utf8), fields: 3, chunkSize: chunkSize)
        #expect(rows == Self.trickyRows.map { $0.map { Array($0.utf8) } })
    }

    @Test(arguments: [1, 3, 1000])
    func aFinalLineBreakEndsNothingMore(chunkSize: Int) throws {
        for text in ["\"a\",\"b\"\n", "\"a\",\"b\"\r\n", "\"a\",\"b\""] {
            let rows = try Self.rows(Array(text.utf8), fields: 2, chunkSize: chunkSize)
            #expect(rows == [[Array("a".utf8), Array("b".utf8)]], "\(text.debugDescription)")
        }
        #expect(try Self.rows([], fields: 2, chunkSize: chunkSize).isEmpty)
    }

    static let malformed: [(String, String)] = [
        ("unterminated quote", "\"a\",\"b\n"),
        ("unterminated quote after a doubled one", "\"a\",\"b\"\"\n"),
        ("text after a closing quote", "\"a\"x,\"b\"\n"),
        ("a space after a closing quote", "\"a\" ,\"b\"\n"),
        ("a quote in an unquoted field", "a\"b\",\"c\"\n"),
        ("too few fields", "\"a\"\n"),
        ("too many fields", "\"a\",\"b\",\"c\"\n"),
        ("a blank line", "\"a\",\"b\"\n\n\"c\",\"d\"\n"),
        ("a second row too short", "\"a\",\"b\"\n\"c\"\n"),
        ("a lone carriage return", "\"a\",\"b\"\r\"c\",\"d\"\n"),
        ("a carriage return at the end", "\"a\",\"b\"\r"),
        ("too few fields at the end", "\"a\""),
    ]

    @Test(arguments: malformed, [1, 2, 1000])
    func malformedIsCorrupt(rule: (String, String), chunkSize: Int) {
        #expect(Self.code(rule.1, fields: 2, chunkSize: chunkSize) == .corrupt, "\(rule.0)")
    }

    @Test func aRowPastTheLimitIsCorrupt() {
        let text = "\"" + String(repeating: "x", count: InventoryCSVParser.maximumRowBytes + 1) + "\"\n"
        #expect(Self.code(text, fields: 1, chunkSize: 65_536) == .corrupt)
        let fits = "\"" + String(repeating: "x", count: InventoryCSVParser.maximumRowBytes - 1) + "\"\"\"\n"
        #expect(Self.code(fits, fields: 1, chunkSize: 65_536) == nil)
    }
}
