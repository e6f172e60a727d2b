import FoundationEssentials
import ObjectStore

/// The `manifest.json` of one S3 Inventory: which bucket it lists, how its data files are written,
/// and where they are.
///
/// Only CSV inventories are read. The data files are objects of the destination bucket; their
/// rows are read with ``InventoryDataFile``.
public struct InventoryManifest: Decodable, Hashable, Sendable {
    /// One data file of the inventory: a gzip-compressed CSV object of the destination bucket.
    public struct File: Decodable, Hashable, Sendable {
        /// The file's key in the destination bucket.
        public var key: String
        /// The length of the compressed file in bytes.
        public var size: Int64
        /// The MD5 of the compressed file (`MD5checksum`).
        public var md5: MD5Digest

        /// Describes one data file.
        public init(key: String, size: Int64, md5: MD5Digest) {
            self.key = key
            self.size = size
            self.md5 = md5
        }

        enum CodingKeys: String, CodingKey {
            case key
            case size
            case md5 = "MD5checksum"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            key = try container.decode(String.self, forKey: .key)
            size = try container.decode(Int64.self, forKey: .size)
            let hex = try container.decode(String.self, forKey: .md5)
            guard let md5 = MD5Digest(hex: hex) else {
                throw DecodingError.dataCorruptedError(forKey: .md5, in: container, debugDescription: "not 32 hexadecimal digits")
            }
            self.md5 = md5
            guard !key.isEmpty else {
                throw DecodingError.dataCorruptedError(forKey: .key, in: container, debugDescription: "empty")
            }
            guard size >= 0 else {
                throw DecodingError.dataCorruptedError(forKey: .size, in: container, debugDescription: "negative")
            }
        }
    }

    /// The bucket the inventory lists.
    public var sourceBucket: String
    /// The bucket that holds the inventory: the name in the manifest's `destinationBucket` ARN.
    public var destinationBucket: String
    /// The manifest's format version (`2016-11-30`), if given.
    public var version: String?
    /// When the inventory was made (`creationTimestamp`, milliseconds since 1970), if given.
    public var creationTime: Date?
    /// The column names of the data files, as given (`Bucket, Key, Size, ...`).
    public var fileSchema: String
    /// Where the fields s3clone reads stand in each row.
    public var columns: InventoryColumns
    /// The data files, in the manifest's order; none for an empty bucket.
    public var files: [File]

    enum CodingKeys: String, CodingKey {
        case sourceBucket
        case destinationBucket
        case version
        case creationTimestamp
        case fileFormat
        case fileSchema
        case files
    }

    /// Decodes and checks a manifest; see ``parse(_:)``.
    ///
    /// - Throws: `unsupported` for an inventory that is not CSV; `corrupt` for a destination that is
    ///   not an S3 bucket ARN, a creation time that is not a number, or a schema without `Key` or
    ///   `Size`; the decoder's errors for missing or mistyped fields.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sourceBucket = try container.decode(String.self, forKey: .sourceBucket)
        let destination = try container.decode(String.self, forKey: .destinationBucket)
        guard let bucket = Self.bucketName(arn: destination) else {
            throw Self.corrupt("destinationBucket '\(destination.escapedForDisplay)' is not an S3 bucket ARN (arn:aws:s3:::name)")
        }
        destinationBucket = bucket
        version = try container.decodeIfPresent(String.self, forKey: .version)
        if let timestamp = try container.decodeIfPresent(String.self, forKey: .creationTimestamp) {
            guard !timestamp.isEmpty, timestamp.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                  let milliseconds = Int64(timestamp) else {
                throw Self.corrupt("creationTimestamp '\(timestamp.escapedForDisplay)' is not a count of milliseconds")
            }
            creationTime = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        }
        let format = try container.decode(String.self, forKey: .fileFormat)
        guard format.uppercased() == "CSV" else {
            throw ObjectStoreError(.unsupported, "\(Self.document): the inventory is in \(format.escapedForDisplay) format; "
                                       + "only CSV inventories are read")
        }
        fileSchema = try container.decode(String.self, forKey: .fileSchema)
        columns = try InventoryColumns(schema: fileSchema)
        files = try container.decode([File].self, forKey: .files)
    }

    /// Parses the bytes of a `manifest.json`.
    ///
    /// - Throws: `corrupt` when it is not JSON, lacks a field (`sourceBucket`, `destinationBucket`,
    ///   `fileFormat`, `fileSchema`, `files`, or a file's `key`, `size`, `MD5checksum`; the message
    ///   names it) or holds a malformed one; `unsupported` when the inventory is not CSV (ORC,
    ///   Parquet).
    public static func parse(_ bytes: [UInt8]) throws -> InventoryManifest {
        do {
            return try JSONDecoder().decode(InventoryManifest.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw corrupt(reason(error), cause: ObjectStoreError.Cause(domain: "json", code: "invalid"))
        }
    }

    // MARK: - Helpers

    static let document = "inventory manifest"

    /// A `corrupt` error about the manifest.
    static func corrupt(_ reason: String, cause: ObjectStoreError.Cause? = nil) -> ObjectStoreError {
        ObjectStoreError(.corrupt, "\(document): \(reason)", cause: cause)
    }

    /// The bucket an S3 bucket ARN names (`arn:PARTITION:s3:::NAME`), or `nil`.
    private static func bucketName(arn: String) -> String? {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", !parts[1].isEmpty, parts[2] == "s3", parts[3].isEmpty, parts[4].isEmpty,
              !parts[5].isEmpty, !parts[5].contains("/") else { return nil }
        return String(parts[5])
    }

    /// What a decoding failure says about the manifest, naming the field by its path
    /// (`files[2].MD5checksum`).
    private static func reason(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])) is missing"
        case .valueNotFound(_, let context):
            return "\(path(context.codingPath)) is null"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)) is of the wrong type (\(type) expected)"
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return "the document is not valid JSON"
        case .dataCorrupted(let context):
            return "\(path(context.codingPath)) is malformed (\(context.debugDescription))"
        @unknown default:
            return "the document cannot be read"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        guard !keys.isEmpty else { return "the document" }
        var text = ""
        for key in keys {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return text
    }
}
