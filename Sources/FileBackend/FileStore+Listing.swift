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
        let rootDescriptor = SystemCalls.open(rootPath, O_RDONLY | O_DIRECTORY)
        guard rootDescriptor >= 0 else {
            let error = errno
            let failure = error == ENOTDIR
                ? ObjectStoreError(.invalidArgument, "'\(rootPath.escapedForDisplay)' is not a directory", cause: .errno(error))
                : ObjectStoreError(errno: error, operation: "open directory '\(rootPath.escapedForDisplay)'")
            continuation.finish(throwing: failure)
            return
        }
        var page: [ObjectInfo] = []
        page.reserveCapacity(FileStore.listingPageSize)
        do {
            try walkFolder(rootDescriptor, "", into: &page)
            if !page.isEmpty { continuation.yield(page) }
            continuation.finish()
        } catch {
            continuation.finish(throwing: error is CancellationError ? ObjectStoreError(.cancelled, "listing cancelled") : error)
        }
    }

    /// Lists one folder and, depth first, the folders inside it (so at most one descriptor per level
    /// is open). Takes ownership of `descriptor`.
    private func walkFolder(_ descriptor: Int32, _ folderPath: String, into page: inout [ObjectInfo]) throws {
        guard let stream = fdopendir(descriptor) else {
            let error = errno
            close(descriptor)
            throw ObjectStoreError(errno: error, operation: "read folder '\(folderPath.escapedForDisplay)'")
        }
        defer { closedir(stream) }
        try Task.checkCancellation()
        var isEmpty = true
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 {
                    throw ObjectStoreError(errno: errno, operation: "read folder '\(folderPath.escapedForDisplay)'")
                }
                break
            }
            let nameBytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.prefix(while: { $0 != 0 }))
            }
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
            guard let info = SystemCalls.statAt(dirfd(stream), name) else {
                if errno == ENOENT { continue }  // removed while we looked
                throw ObjectStoreError(errno: errno, operation: "stat '\(path.escapedForDisplay)'")
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
                let child = SystemCalls.openAt(dirfd(stream), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)
                guard child >= 0 else {
                    if errno == ENOENT { continue }
                    throw ObjectStoreError(errno: errno, operation: "open folder '\(childPath.escapedForDisplay)'")
                }
                try walkFolder(child, childPath, into: &page)
            case S_IFLNK:
                logger.warning("skipping a symbolic link (links are not followed)", metadata: ["path": "\(path.escapedForDisplay)"])
            default:
                logger.warning("skipping a special file (not a regular file or folder)", metadata: ["path": "\(path.escapedForDisplay)"])
            }
        }
        if isEmpty, !folderPath.isEmpty, folderPath.hasBytePrefix(prefix) {
            let info = SystemCalls.statAt(dirfd(stream), ".")
            page.append(ObjectInfo(key: ObjectKey(folderPath), size: 0, lastModified: info.map(FileStore.modificationDate)))
        }
    }
}
