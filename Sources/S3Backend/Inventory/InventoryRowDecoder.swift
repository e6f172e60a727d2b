import FoundationEssentials
import ObjectStore

/// Turns the rows of an inventory data file into the objects they describe.
///
/// A row that is not an object to copy (a delete marker, a version that is not the latest)
/// decodes to `nil`: a decision, not an error. Keys are the full keys of the source bucket, as the
/// inventory lists them; nothing is stripped.
struct InventoryRowDecoder {
    /// Where the fields stand in each row.
    let columns: InventoryColumns
    private let source: String
    /// One buffer for the field being decoded, reused.
    private var text: [UInt8] = []

    /// - Parameters:
    ///   - columns: the schema's columns; the rows must have ``InventoryColumns/count`` fields.
    ///   - source: what is being read, for messages ("the inventory file data/1.csv.gz").
    init(columns: InventoryColumns, source: String) {
        self.columns = columns
        self.source = source
        text.reserveCapacity(1024)
    }

    /// The object `row` describes, or `nil` when its `IsDeleteMarker` is `true` or its `IsLatest`
    /// is `false`.
    ///
    /// The key is url-decoded (`+` is a space, `%XX` a byte), the ETag given its quotes back, and a
    /// plain single-part ETag's MD5 kept; an empty `LastModifiedDate` or `ETag` is no value.
    /// - Throws: `corrupt`, naming the file and the row, for a key that is empty, has a malformed
    ///   `%` escape or is not UTF-8 once decoded; a size that is not a byte count; a time that is
    ///   not ISO 8601.
    mutating func decode(_ row: InventoryCSVParser.Row) throws -> ObjectInfo? {
        if let column = columns.isDeleteMarker, row[column].elementsEqual(Self.trueText) { return nil }
        if let column = columns.isLatest, row[column].elementsEqual(Self.falseText) { return nil }
        let key = ObjectKey(try decodeKey(row))
        load(row[columns.size])
        guard let size = ListObjectsV2Parser.byteCount(text) else {
            throw corrupt(row, "Size \(ListObjectsV2Parser.quoted(text)) is not a byte count", key: key)
        }
        var lastModified: Date?
        if let column = columns.lastModifiedDate, !row[column].isEmpty {
            load(row[column])
            guard let date = S3Timestamp.parseISO8601(bytes: text) else {
                throw corrupt(row, "LastModifiedDate \(ListObjectsV2Parser.quoted(text)) is not an ISO 8601 time", key: key)
            }
            lastModified = date
        }
        var etag: String?
        if let column = columns.eTag, !row[column].isEmpty {
            etag = Self.listedETag(row[column])
        }
        return ObjectInfo(key: key, size: size, lastModified: lastModified, listedETag: etag)
    }

    private mutating func decodeKey(_ row: InventoryCSVParser.Row) throws -> String {
        load(row[columns.key])
        guard !text.isEmpty else { throw corrupt(row, "Key is empty") }
        guard FormURLDecoding.decode(&text) else { throw corrupt(row, "Key has a malformed percent escape") }
        guard let key = ListObjectsV2Parser.string(validatingUTF8: text) else {
            throw corrupt(row, "Key is not valid UTF-8 once decoded")
        }
        return key
    }

    /// Puts `field` in ``text``.
    private mutating func load(_ field: ArraySlice<UInt8>) {
        text.removeAll(keepingCapacity: true)
        text.append(contentsOf: field)
    }

    /// The ETag as a listing spells it: inventories write it without the quotes.
    private static func listedETag(_ field: ArraySlice<UInt8>) -> String {
        if field.count >= 2, field.first == quote, field.last == quote {
            return String(decoding: field, as: UTF8.self)
        }
        return String(unsafeUninitializedCapacity: field.count + 2) { buffer in
            buffer[0] = quote
            _ = buffer[1...].initialize(from: field)
            buffer[field.count + 1] = quote
            return field.count + 2
        }
    }

    private func corrupt(_ row: InventoryCSVParser.Row, _ reason: String, key: ObjectKey? = nil) -> ObjectStoreError {
        ObjectStoreError(.corrupt, "\(source), row \(row.number): \(reason)", key: key,
                         cause: ObjectStoreError.Cause(domain: "csv", code: "invalid"))
    }

    private static let quote = UInt8(ascii: "\"")
    private static let trueText = Array("true".utf8)
    private static let falseText = Array("false".utf8)
}
