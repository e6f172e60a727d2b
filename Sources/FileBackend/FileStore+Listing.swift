#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Logging
import ObjectStore

extension FileStore {
    /// Objects per page of a listing.
    static let listingPageSize = 1000

    /// See ``ObjectStore/list(prefix:)``. Walks the tree depth first on its own task; the walk
    /// descends only into folders that can hold keys starting with `prefix`.
    public func list(prefix: String) -> ObjectListing {
        let (stream, continuation) = ObjectListing.makeStream()
        let walker = TreeWalker(rootPath: root, prefix: prefix, logger: logger, continuation: continuation)
        let task = Task.detached { walker.run() }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}

/// One walk of a directory tree, yielding pages of ``ObjectInfo``.
struct TreeWalker: Sendable {
    let rootPath: String
    let prefix: String
    let logger: Logger
    let continuation: ObjectListing.Continuation

    func run() {
        let root: FileDescriptor
        do {
            root = try SystemCalls.open(rootPath, O_RDONLY | O_DIRECTORY)
        } catch {
            let failure = error.rawValue == ENOTDIR
                ? ObjectStoreError(.invalidArgument, "'\(rootPath.escapedForDisplay)' is not a directory", cause: error.cause)
                : error.storeError("open directory '\(rootPath.escapedForDisplay)'")
            continuation.finish(throwing: failure)
            return
        }
        var page: [ObjectInfo] = []
        page.reserveCapacity(FileStore.listingPageSize)
        do {
            try walkFolder(root, "", into: &page)
            if !page.isEmpty { continuation.yield(page) }
            continuation.finish()
        } catch {
            continuation.finish(throwing: error is CancellationError ? ObjectStoreError(.cancelled, "listing cancelled") : error)
        }
    }

    /// Lists one folder and, depth first, the folders inside it (so at most one descriptor per level
    /// is open). Takes ownership of `folder`.
    private func walkFolder(_ folder: FileDescriptor, _ folderPath: String, into page: inout [ObjectInfo]) throws {
        let stream: DirectoryStream
        do {
            stream = try DirectoryStream(folder)
        } catch {
            throw error.storeError("read folder '\(folderPath.escapedForDisplay)'")
        }
        try Task.checkCancellation()
        var isEmpty = true
        while true {
            let entry: [UInt8]?
            do {
                entry = try stream.nextEntry { Array($0) }
            } catch {
                throw error.storeError("read folder '\(folderPath.escapedForDisplay)'")
            }
            guard let nameBytes = entry else { break }
            if nameBytes == [0x2E] || nameBytes == [0x2E, 0x2E] { continue }
            isEmpty = false
            guard let name = String(validating: nameBytes, as: UTF8.self) else {
                logger.warning("skipping a name that is not valid UTF-8", metadata: [
                    "folder": "\(folderPath.escapedForDisplay)",
                    "name": "\(String(decoding: nameBytes, as: UTF8.self).escapedForDisplay)"])
                continue
            }
            if TemporaryName.isTemporary(name) { continue }
            let path = folderPath + name
            let info: stat
            do {
                info = try SystemCalls.statAt(stream.folder, name)
            } catch {
                if error.rawValue == ENOENT { continue }  // removed while we looked
                throw error.storeError("stat '\(path.escapedForDisplay)'")
            }
            switch info.st_mode & S_IFMT {
            case S_IFREG:
                guard path.hasBytePrefix(prefix) else { continue }
                page.append(ObjectInfo(key: ObjectKey(path), size: Int64(info.st_size), lastModified: FileStore.modificationDate(info)))
                if page.count >= FileStore.listingPageSize {
                    continuation.yield(page)
                    page.removeAll(keepingCapacity: true)
                }
            case S_IFDIR:
                let childPath = path + "/"
                guard childPath.hasBytePrefix(prefix) || prefix.hasBytePrefix(childPath) else { continue }
                let child: FileDescriptor
                do {
                    child = try SystemCalls.openAt(stream.folder, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)
                } catch {
                    if error.rawValue == ENOENT { continue }
                    throw error.storeError("open folder '\(childPath.escapedForDisplay)'")
                }
                try walkFolder(child, childPath, into: &page)
            case S_IFLNK:
                logger.warning("skipping a symbolic link (links are not followed)", metadata: ["path": "\(path.escapedForDisplay)"])
            default:
                logger.warning("skipping a special file (not a regular file or folder)", metadata: ["path": "\(path.escapedForDisplay)"])
            }
        }
        if isEmpty, !folderPath.isEmpty, folderPath.hasBytePrefix(prefix) {
            let info = try? SystemCalls.statAt(stream.folder, ".")
            page.append(ObjectInfo(key: ObjectKey(folderPath), size: 0, lastModified: info.map(FileStore.modificationDate)))
        }
    }
}
