import ObjectStore

/// The chain from an inventory data file's compressed bytes to pages of objects: gzip, CSV, rows.
///
/// The bytes may come in pieces of any size; the objects come out in file order, in pages of a
/// fixed size, which wait here until taken. Reading reuses its buffers; only the pages are new.
final class InventoryFileDecoder {
    private let inflater: GzipInflater
    private var parser: InventoryCSVParser
    private var decoder: InventoryRowDecoder
    private let pageSize: Int
    private var page: [ObjectInfo] = []
    private var completePages: [[ObjectInfo]] = []

    /// - Parameters:
    ///   - columns: the inventory's schema.
    ///   - source: what is being read, for messages ("the inventory file data/1.csv.gz").
    ///   - pageSize: how many objects a page holds (the last one may hold fewer).
    init(columns: InventoryColumns, source: String, pageSize: Int) {
        precondition(pageSize > 0)
        inflater = GzipInflater(source: source)
        parser = InventoryCSVParser(fieldCount: columns.count, source: source)
        decoder = InventoryRowDecoder(columns: columns, source: source)
        self.pageSize = pageSize
        page.reserveCapacity(pageSize)
    }

    /// Reads the next compressed bytes of the file.
    ///
    /// - Throws: `corrupt` for bytes that do not inflate, CSV that does not parse, or a row that
    ///   does not decode (see ``GzipInflater``, ``InventoryCSVParser``, ``InventoryRowDecoder``).
    func consume(_ compressed: UnsafeRawBufferPointer) throws {
        try inflater.inflate(compressed) { inflated in
            try parser.parse(inflated) { row in try add(row) }
        }
    }

    /// Ends the file: the gzip stream must end there, and a last row without a line break counts.
    /// The last page, however short, then waits with the others.
    ///
    /// - Throws: `corrupt` for a truncated or empty gzip stream, or a last row that does not parse
    ///   or decode.
    func finish() throws {
        try inflater.finish()
        try parser.finish { row in try add(row) }
        if !page.isEmpty {
            completePages.append(page)
            page = []
        }
    }

    /// The pages completed so far, in file order; they leave the decoder.
    func takePages() -> [[ObjectInfo]] {
        defer { completePages = [] }
        return completePages
    }

    private func add(_ row: InventoryCSVParser.Row) throws {
        guard let object = try decoder.decode(row) else { return }
        page.append(object)
        if page.count == pageSize {
            completePages.append(page)
            page = []
            page.reserveCapacity(pageSize)
        }
    }
}
