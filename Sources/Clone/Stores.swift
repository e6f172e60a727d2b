import FileBackend
import FoundationEssentials
import Logging
import ObjectStore
import S3Backend

/// The two stores of a run, opened from what the user typed. This is the one place that knows
/// every backend: an explicit list, no registration.
struct Stores: Sendable {
    let sourceURL: StoreURL
    let destinationURL: StoreURL
    let source: any ObjectStore
    let destination: any ObjectStore

    /// - Parameter inventory: the manifest of an S3 Inventory report that lists the source instead
    ///   of ListObjectsV2 (see ``openInventory(_:of:logger:)``).
    /// - Throws: ``ObjectStoreError`` `invalidArgument` or `unsupported` for locations this build
    ///   cannot open; for S3, `noCredentials` or a broken credential source's error; for an
    ///   inventory, what ``openInventory(_:of:logger:)`` throws.
    static func open(source: String, destination: String, inventory: String? = nil, s3: S3AccessOptions, environment: [String: String],
                     retrying: RetryLoop, logger: Logger) async throws -> Stores {
        let sourceURL = try StoreURL(parsing: source, bareWord: .bucketIfValid)
        let destinationURL = try StoreURL(parsing: destination, bareWord: .path)
        guard destinationURL.scheme == .file else {
            throw ObjectStoreError(.unsupported, "the destination must be a local directory; '\(destination.escapedForDisplay)' is not")
        }
        var sourceStore = try await openStore(sourceURL, s3: s3, environment: environment, retrying: retrying, logger: logger)
        if let inventory {
            guard let bucket = sourceStore as? S3Store else {
                throw ObjectStoreError(.invalidArgument, "--inventory lists an S3 bucket; the source '\(source.escapedForDisplay)' is not one")
            }
            sourceStore = try await openInventory(inventory, of: bucket, logger: logger)
        }
        return Stores(
            sourceURL: sourceURL, destinationURL: destinationURL,
            source: sourceStore,
            destination: try await openStore(destinationURL, s3: s3, environment: environment, retrying: retrying, logger: logger))
    }

    private static func openStore(_ url: StoreURL, s3: S3AccessOptions, environment: [String: String],
                                  retrying: RetryLoop, logger: Logger) async throws -> any ObjectStore {
        switch url.scheme {
        case .file:
            return FileStore(root: url.path, logger: logger)
        case .s3:
            return try await s3.openStore(bucket: url.bucket, prefix: url.path, environment: environment, retrying: retrying, logger: logger)
        default:
            throw ObjectStoreError(.unsupported, "no backend for '\(url.scheme.rawValue)://'")
        }
    }

    /// Where the copy queue spills: nameless files in the destination folder, on the disk the
    /// copy is going to anyway (see ``FileBackend/FileScratchSpace``).
    var scratchSpace: any ScratchSpace {
        FileScratchSpace(directory: destinationURL.path)
    }

    /// Where a dry run's queue spills, since it writes nothing to the destination (which may not
    /// exist): nameless files in `TMPDIR`, or `/tmp`.
    static func temporaryScratchSpace(environment: [String: String]) -> any ScratchSpace {
        FileScratchSpace(directory: environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp")
    }

    /// Refuses to copy a store onto itself or into itself (``ObjectStore/checkDistinct(from:)``).
    func checkDistinct() throws {
        try destination.checkDistinct(from: source)
    }

    /// When `typed` is a bare word read as a bucket but a local directory has that name, the hint
    /// that `./name` means the directory; else empty.
    static func localDirectoryHint(for typed: String) -> String {
        guard !typed.contains("/"), (try? StoreURL(parsing: typed, bareWord: .bucketIfValid))?.scheme == .s3 else { return "" }
        var isDirectory = false
        guard FileManager.default.fileExists(atPath: typed, isDirectory: &isDirectory), isDirectory else { return "" }
        return " ('\(typed.escapedForDisplay)' was read as an S3 bucket; to copy the local directory, write ./\(typed.escapedForDisplay))"
    }
}
