import FileBackend
import Logging
import ObjectStore

/// The two stores of a run, opened from what the user typed. This is the one place that knows
/// every backend: an explicit list, no registration.
struct Stores {
    let sourceURL: StoreURL
    let destinationURL: StoreURL
    let source: any ObjectStore
    let destination: any ObjectStore

    /// - Throws: ``ObjectStoreError`` `invalidArgument` or `unsupported` for locations this build
    ///   cannot open.
    static func open(source: String, destination: String, logger: Logger) throws -> Stores {
        let sourceURL = try StoreURL(parsing: source, bareWord: .bucketIfValid)
        let destinationURL = try StoreURL(parsing: destination, bareWord: .path)
        guard destinationURL.scheme == .file else {
            throw ObjectStoreError(.unsupported, "the destination must be a local directory; '\(destination.escapedForDisplay)' is not")
        }
        return Stores(
            sourceURL: sourceURL, destinationURL: destinationURL,
            source: try openStore(sourceURL, typed: source, logger: logger),
            destination: try openStore(destinationURL, typed: destination, logger: logger))
    }

    private static func openStore(_ url: StoreURL, typed: String, logger: Logger) throws -> any ObjectStore {
        switch url.scheme {
        case .file:
            return FileStore(root: url.path, logger: logger)
        case .s3:
            var message = "S3 sources are not supported by this build yet ('\(typed.escapedForDisplay)' is read as S3 bucket '\(url.bucket)')"
            if !typed.contains("://") { message += "; to copy a local directory of that name, write ./\(typed.escapedForDisplay)" }
            throw ObjectStoreError(.unsupported, message)
        default:
            throw ObjectStoreError(.unsupported, "no backend for '\(url.scheme.rawValue)://'")
        }
    }

    /// Refuses to copy a local tree onto itself or into itself.
    func checkDistinct() throws {
        guard let from = source as? FileStore, let to = destination as? FileStore else { return }
        if to.isSameOrInside(from) {
            throw ObjectStoreError(
                .invalidArgument,
                "the destination '\(to.root.escapedForDisplay)' is the source '\(from.root.escapedForDisplay)' or inside it")
        }
    }

    /// Creates the destination directory if needed and checks it can be written.
    func prepareDestination() throws {
        try (destination as? FileStore)?.prepareForWriting()
    }
}
