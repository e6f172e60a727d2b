import FileBackend
import FoundationEssentials
import Logging
import ObjectStore
import S3Backend

extension Stores {
    /// The source `bucket` listed from the S3 Inventory report whose `manifest.json` is at
    /// `location`: an `s3://` URL (the report's data files are then read from the report's
    /// destination bucket, through `bucket`'s endpoint and credentials) or a local path (a copy of
    /// the report: the data files are looked for under the manifest's folder and its parents, as
    /// the manifest names them, `PREFIX/BUCKET/CONFIG/data/....csv.gz`).
    ///
    /// The manifest is read and checked before anything is listed or written.
    ///
    /// - Throws: `notFound` when the manifest or (for a local copy) its first data file is not
    ///   there; `corrupt` for a manifest that does not parse; `unsupported` for an ORC or Parquet
    ///   report; `invalidArgument` for a report of another bucket; the store's errors.
    static func openInventory(_ location: String, of bucket: S3Store, logger: Logger) async throws -> InventoryListedStore {
        let url = try StoreURL(parsing: location, bareWord: .path)
        switch url.scheme {
        case .s3:
            // The URL names an object, not a folder: its key as typed, without the folder `/`
            // that a store URL gets.
            let key = url.path.hasSuffix("/") && !location.hasSuffix("/") ? String(url.path.dropLast()) : url.path
            let (folder, name) = split(key)
            let manifest = try await InventoryManifest.load(name, from: bucket.sibling(bucket: url.bucket, prefix: folder))
            return try InventoryListedStore(bucket: bucket, manifest: manifest,
                                            reports: bucket.sibling(bucket: manifest.destinationBucket, prefix: ""))
        case .file:
            let (folder, name) = split(url.path)
            let manifest = try await InventoryManifest.load(name, from: FileStore(root: folder.isEmpty ? "." : folder, logger: logger))
            let root = try reportRoot(of: manifest, near: folder.isEmpty ? "." : folder, manifestPath: url.path)
            return try InventoryListedStore(bucket: bucket, manifest: manifest, reports: FileStore(root: root, logger: logger))
        default:
            throw ObjectStoreError(.unsupported, "no backend for the inventory '\(location.escapedForDisplay)'")
        }
    }

    /// A path's folder (with its `/`, or empty) and last name.
    private static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        return (String(path[...slash]), String(path[path.index(after: slash)...]))
    }

    /// The folder under which a local copy of a report holds its data files: the manifest's folder
    /// or the nearest parent where the first data file is, under the key the manifest gives it.
    private static func reportRoot(of manifest: InventoryManifest, near folder: String, manifestPath: String) throws -> String {
        guard let first = manifest.files.first else { return folder }
        // The folder, then each parent: "a/b/" tries "a/b/", "a/", then "" (for a relative
        // folder) or "/" (for an absolute one).
        var candidate = folder.hasSuffix("/") ? folder : folder + "/"
        while true {
            if FileManager.default.fileExists(atPath: candidate + first.key) { return candidate.isEmpty ? "./" : candidate }
            guard candidate != "/", candidate != "" else { break }
            candidate = candidate.dropLast().lastIndex(of: "/").map { String(candidate[...$0]) } ?? ""
        }
        throw ObjectStoreError(.notFound, "the inventory's data file \(first.key.escapedForDisplay) is not under the folder of \(manifestPath.escapedForDisplay) or any folder above it")
    }
}
