import ObjectStore

/// Where the fields s3clone reads stand in the rows of an inventory: the column indices that the
/// manifest's `fileSchema` gives them.
///
/// Only `Key` and `Size` must be there. Without `IsLatest` and `IsDeleteMarker` (an inventory of
/// current versions only) every row is an object; without `LastModifiedDate` or `ETag` the
/// objects lack those values.
public struct InventoryColumns: Hashable, Sendable {
    /// How many fields every row has.
    public var count: Int
    /// `Key`: the object's key in the source bucket, url-encoded.
    public var key: Int
    /// `Size`: the object's length in bytes (empty for a delete marker).
    public var size: Int
    /// `LastModifiedDate`, ISO 8601.
    public var lastModifiedDate: Int?
    /// `ETag`, without its quotes.
    public var eTag: Int?
    /// `IsLatest`: `false` for a version that is not the current one.
    public var isLatest: Int?
    /// `IsDeleteMarker`: `true` for a delete marker.
    public var isDeleteMarker: Int?

    /// Describes the columns directly (tests, and schemas known in advance).
    public init(count: Int, key: Int, size: Int, lastModifiedDate: Int? = nil, eTag: Int? = nil,
                isLatest: Int? = nil, isDeleteMarker: Int? = nil) {
        self.count = count
        self.key = key
        self.size = size
        self.lastModifiedDate = lastModifiedDate
        self.eTag = eTag
        self.isLatest = isLatest
        self.isDeleteMarker = isDeleteMarker
    }

    /// Reads a `fileSchema`: column names separated by commas, each with optional spaces around it
    /// (`Bucket, Key, Size, LastModifiedDate`). Names are matched exactly; unknown ones are columns
    /// that are read past.
    ///
    /// - Throws: `corrupt` when a name is empty, a column this reads is named twice, or `Key` or
    ///   `Size` is missing.
    public init(schema: String) throws {
        let names = schema.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
        if names.contains(where: \.isEmpty) {
            throw Self.corrupt("fileSchema '\(schema.escapedForDisplay)' has an empty column name")
        }
        func column(_ name: String) throws -> Int? {
            let indices = names.indices.filter { names[$0] == name }
            guard indices.count <= 1 else { throw Self.corrupt("fileSchema names the column \(name) twice") }
            return indices.first
        }
        guard let key = try column("Key") else { throw Self.corrupt("fileSchema has no Key column") }
        guard let size = try column("Size") else { throw Self.corrupt("fileSchema has no Size column") }
        self.init(count: names.count, key: key, size: size, lastModifiedDate: try column("LastModifiedDate"),
                  eTag: try column("ETag"), isLatest: try column("IsLatest"), isDeleteMarker: try column("IsDeleteMarker"))
    }

    private static func corrupt(_ reason: String) -> ObjectStoreError {
        InventoryManifest.corrupt(reason)
    }
}
