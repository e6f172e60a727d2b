import Digests
import ObjectStore

/// Reads the objects of one inventory data file out of the bucket that holds it.
public enum InventoryDataFile {
    /// Reads `file` from `store` and hands its objects to `each`, in file order, in pages of at
    /// most `pageSize`.
    ///
    /// The file is read one range of `rangeSize` bytes at a time; after each range the pages it
    /// completed are handed out, and the next range is read only once `each` has returned them
    /// all. So memory holds one range and the objects of its rows, however large the file, and a
    /// slow consumer slows the reading. Delete markers and versions that are not the latest are
    /// left out (see ``InventoryRowDecoder``). Pages handed out before a failure stay handed out:
    /// a failure is the failure of the whole file.
    ///
    /// - Parameters:
    ///   - file: the data file, as the manifest lists it; its key names an object of `store`.
    ///   - columns: the manifest's columns.
    ///   - store: the store of the inventory's destination bucket.
    ///   - rangeSize: how many compressed bytes one read asks for.
    ///   - pageSize: how many objects a page holds at most.
    ///   - each: receives the pages.
    /// - Throws: `corrupt`, naming the file, when its size or MD5 is not the manifest's, its gzip
    ///   stream is damaged or truncated, or a row does not parse or decode (naming the row); the
    ///   store's errors (`notFound`, `accessDenied`, `network`, ...) unchanged, except that
    ///   `sourceChanged` and `invalidRange` (the object does not have the manifest's size) become
    ///   `corrupt`;
    ///   anything `each` throws, unchanged.
    public static func read(_ file: InventoryManifest.File, columns: InventoryColumns, from store: any ObjectStore,
                            rangeSize: Int = 1 << 20, pageSize: Int = 1000,
                            each: ([ObjectInfo]) async throws -> Void) async throws {
        precondition(rangeSize > 0)
        let source = "the inventory file \(file.key.escapedForDisplay)"
        let object = ObjectInfo(key: ObjectKey(file.key), size: file.size)
        let buffer = InventoryRangeBuffer(capacity: Int(min(Int64(rangeSize), file.size)), source: source)
        let decoder = InventoryFileDecoder(columns: columns, source: source, pageSize: pageSize)
        let hasher = MD5Hasher()
        var offset: Int64 = 0
        while offset < file.size {
            let range = offset..<min(offset + Int64(rangeSize), file.size)
            buffer.start(range)
            do {
                try await store.read(object, range: range, into: buffer)
            } catch let error as ObjectStoreError where error.code == .sourceChanged || error.code == .invalidRange {
                // The ranges lie within the manifest's size, so the object is not that size.
                throw mismatch(source, "size: \(error.message)", cause: error.cause)
            }
            guard buffer.isComplete else {
                throw mismatch(source, "size: \(buffer.bytes.count) of the \(range.count) bytes from byte \(offset) came")
            }
            try buffer.bytes.withUnsafeBytes { bytes in
                hasher.update(bytes)
                try decoder.consume(bytes)
            }
            for page in decoder.takePages() { try await each(page) }
            offset = range.upperBound
        }
        let md5 = hasher.finalize()
        guard md5 == file.md5 else { throw mismatch(source, "MD5 \(md5.hex), the manifest's \(file.md5.hex)") }
        try decoder.finish()
        for page in decoder.takePages() { try await each(page) }
    }

    /// A `corrupt` error: the data file is not the one its manifest describes.
    static func mismatch(_ source: String, _ detail: String, cause: ObjectStoreError.Cause? = nil) -> ObjectStoreError {
        ObjectStoreError(.corrupt, "\(source) does not match its manifest (\(detail))", cause: cause)
    }
}
