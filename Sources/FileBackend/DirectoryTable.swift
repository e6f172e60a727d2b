#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Logging
import ObjectStore
import Synchronization

/// Opens, creates and remembers the folders of one store, so that each folder is resolved (and made)
/// once per run rather than once per file.
///
/// Every folder is opened relative to its parent with `O_NOFOLLOW | O_DIRECTORY`: a symbolic link or a
/// file where a folder is needed is a `collision`, never followed. A folder that already existed is
/// swept once, when first opened for writing, for temporary files abandoned by a killed run.
///
/// A folder found missing is remembered as missing until this table creates it, and so is every
/// folder below it that a lookup asked for, so looking up many keys of a folder that does not exist
/// yet (planning a copy into an empty destination) costs one failed `openat` and then one table
/// look-up per key, without splitting the key into its folders. A folder that another process
/// makes meanwhile is then not seen by lookups that do not create (``FileStore/stat(_:)`` calls
/// such a file absent); lookups that create still open it, and a file that appeared under a final
/// name is refused at rename, never replaced.
final class DirectoryTable: Sendable {
    private let rootPath: String
    private let logger: Logger
    /// What the table knows of a folder, by its path relative to the root (`a/b/`).
    private enum Entry {
        case open(DirectoryHandle)
        case missing
    }
    private struct Known {
        var entries: [String: Entry] = [:]
        var openCount = 0
        var missingCount = 0

        /// Remembers a missing folder; past `limit` of them the missing ones are all forgotten
        /// (a lookup then asks the file system again), so memory stays bounded.
        mutating func rememberMissing(_ path: String, limit: Int) {
            if missingCount >= limit {
                entries = entries.filter { if case .missing = $0.value { false } else { true } }
                missingCount = 0
            }
            if entries.updateValue(.missing, forKey: path) == nil { missingCount += 1 }
        }
    }
    private let known = Mutex(Known())
    private let swept = Mutex<Set<String>>([])
    /// Open folders kept at once; past this the table forgets them all (users keep theirs open).
    private let capacity = 1024
    /// Missing folders remembered at once.
    private let missingCapacity = 1 << 16

    init(rootPath: String, logger: Logger) {
        self.rootPath = rootPath
        self.logger = logger
    }

    /// The folder that holds `path`'s leaf, as ``folder(_:create:key:)``; a folder the table knows
    /// (open, or missing when not creating) costs one look-up, without splitting the path.
    func folder(holding path: KeyPath, create: Bool, key: ObjectKey?) throws -> DirectoryHandle? {
        if let answer = remembered(path.folderPath, create: create) { return answer }
        return try folder(path.folders[...], create: create, key: key)
    }

    /// The answer the table already has for the folder at `path`: `.some(handle)` when it is open,
    /// `.some(nil)` when it is known missing and not to be created, `nil` when it must be looked up.
    private func remembered(_ path: String, create: Bool) -> DirectoryHandle?? {
        switch known.withLock({ $0.entries[path] }) {
        case .open(let cached):
            if create { sweepOnce(cached) }
            return .some(cached)
        case .missing where !create:
            return .some(nil)
        case .missing, nil:
            return nil
        }
    }

    /// The folder `folders` (relative to the root), opened; created with its parents when `create`.
    ///
    /// - Returns: `nil` when it does not exist and `create` is false.
    /// - Throws: `collision` (a file or symbolic link in the way), `accessDenied`, `noSpace`,
    ///   `readOnly`, `notFound` (the root is missing and not being created), `io`.
    func folder(_ folders: ArraySlice<String>, create: Bool, key: ObjectKey?) throws -> DirectoryHandle? {
        let path = Self.relativePath(folders)
        if let answer = remembered(path, create: create) { return answer }
        let handle: DirectoryHandle
        var madeNow = false
        if folders.isEmpty {
            guard let root = try openRoot(create: create, key: key) else {
                // Remembered like any missing folder: a dry run into a new folder looks up every
                // key of a flat bucket in it, and each look-up would otherwise be an open(2).
                known.withLock { $0.rememberMissing(path, limit: missingCapacity) }
                return nil
            }
            handle = root
        } else {
            guard let parent = try folder(folders.dropLast(), create: create, key: key) else {
                known.withLock { $0.rememberMissing(path, limit: missingCapacity) }
                return nil
            }
            let name = folders.last!
            var opened = Self.openFolder(name, in: parent)
            if case .failure(let error) = opened, error.rawValue == ENOENT {
                guard create else {
                    known.withLock { $0.rememberMissing(path, limit: missingCapacity) }
                    return nil
                }
                do {
                    try SystemCalls.makeDirectoryAt(parent.descriptor, name, 0o777)
                    madeNow = true
                } catch {
                    if error.rawValue != EEXIST {
                        throw error.storeError("create folder '\(path.escapedForDisplay)'", key: key)
                    }
                }
                opened = Self.openFolder(name, in: parent)
            }
            switch opened {
            case .success(let file):
                handle = DirectoryHandle(descriptor: file, relativePath: path)
            case .failure(let error):
                if error.rawValue == ELOOP || error.rawValue == ENOTDIR {
                    let what = (try? SystemCalls.statAt(parent.descriptor, name)).map { SystemCalls.isFileType($0, S_IFLNK) } == true
                        ? "a symbolic link" : "a file"
                    throw ObjectStoreError(
                        .collision, "'\(path.dropLast().description.escapedForDisplay)' is \(what), not a folder; not followed",
                        key: key, cause: error.cause)
                }
                throw error.storeError("open folder '\(path.escapedForDisplay)'", key: key)
            }
        }
        if madeNow { swept.withLock { _ = $0.insert(path) } }
        let winner = known.withLock { known in
            if case .open(let existing) = known.entries[path] { return existing }
            if known.openCount >= capacity {
                known.entries.removeAll(keepingCapacity: true)
                known.openCount = 0
                known.missingCount = 0
            }
            if case .missing = known.entries.updateValue(.open(handle), forKey: path) { known.missingCount -= 1 }
            known.openCount += 1
            return handle
        }
        if create { sweepOnce(winner) }
        return winner
    }

    /// The deepest folder on the way to `path`'s leaf that exists now. The root is created if
    /// missing. Nothing else is created: a pending write keeps its temporary file there until
    /// commit, so an aborted write leaves no new folder behind.
    ///
    /// - Throws: as ``folder(_:create:key:)``: `collision` when a file or link is in the way.
    func deepestExisting(_ path: KeyPath, key: ObjectKey?) throws -> DirectoryHandle {
        // Usually the whole path is known already: one lookup instead of one per level.
        if case .open(let whole) = known.withLock({ $0.entries[path.folderPath] }) {
            sweepOnce(whole)
            return whole
        }
        let folders = path.folders
        guard var deepest = try folder([], create: true, key: key) else {
            throw ObjectStoreError(.notFound, "cannot create '\(rootPath.escapedForDisplay)'", key: key)
        }
        var depth = 0
        while depth < folders.count, let next = try folder(folders[..<(depth + 1)], create: false, key: key) {
            deepest = next
            depth += 1
        }
        sweepOnce(deepest)
        return deepest
    }

    /// `a/b/` for the folders `a`, `b` (empty for the root), written in one go: up to 15 bytes it
    /// is stored inline, without an allocation.
    static func relativePath(_ folders: ArraySlice<String>) -> String {
        if folders.isEmpty { return "" }
        let length = folders.reduce(0) { $0 + $1.utf8.count + 1 }
        return String(unsafeUninitializedCapacity: length) { buffer in
            var count = 0
            for folder in folders {
                for byte in folder.utf8 {
                    buffer[count] = byte
                    count += 1
                }
                buffer[count] = UInt8(ascii: "/")
                count += 1
            }
            return count
        }
    }

    /// A folder inside `parent`, opened without following a symbolic link.
    private static func openFolder(_ name: String, in parent: DirectoryHandle) -> Result<FileDescriptor, Errno> {
        do {
            return .success(try SystemCalls.openAt(parent.descriptor, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW))
        } catch {
            return .failure(error)
        }
    }

    private func openRoot(create: Bool, key: ObjectKey?) throws -> DirectoryHandle? {
        var opened = openRootDescriptor()
        if case .failure(let error) = opened, error.rawValue == ENOENT {
            guard create else { return nil }
            try makeDirectories(rootPath, key: key)
            opened = openRootDescriptor()
        }
        switch opened {
        case .success(let file):
            return DirectoryHandle(descriptor: file, relativePath: "")
        case .failure(let error):
            if error.rawValue == ENOTDIR {
                throw ObjectStoreError(.invalidArgument, "'\(rootPath.escapedForDisplay)' is not a directory", key: key, cause: error.cause)
            }
            throw error.storeError("open directory '\(rootPath.escapedForDisplay)'", key: key)
        }
    }

    /// The root, opened as the user named it (symbolic links they chose are followed).
    private func openRootDescriptor() -> Result<FileDescriptor, Errno> {
        do {
            return .success(try SystemCalls.open(rootPath, O_RDONLY | O_DIRECTORY))
        } catch {
            return .failure(error)
        }
    }

    /// `mkdir -p` for the root path the user named (which may pass through symbolic links they chose).
    private func makeDirectories(_ path: String, key: ObjectKey?) throws {
        var prefix = path.hasBytePrefix("/") ? "/" : ""
        for component in path.slashSeparatedSegments where !component.utf8.isEmpty {
            prefix += component
            do {
                try SystemCalls.makeDirectory(prefix, 0o777)
            } catch {
                if error.rawValue != EEXIST {
                    throw error.storeError("create directory '\(prefix.escapedForDisplay)'", key: key)
                }
            }
            prefix += "/"
        }
    }

    /// How long a resumable partial file nobody writes is kept for a run to finish it.
    static let resumableLifetime: Double = 7 * 24 * 3600

    /// Removes a resumable partial file that no process holds (its lock is free) and that nothing
    /// wrote for ``resumableLifetime``: the object it was for is no longer being copied here.
    private func removeIfStale(_ name: String, in handle: DirectoryHandle) {
        guard let file = try? SystemCalls.openAt(handle.descriptor, name, O_RDONLY | O_NOFOLLOW),
              let info = try? SystemCalls.status(of: file), SystemCalls.isFileType(info, S_IFREG),
              Double(info.st_mtim.tv_sec) < Double(time(nil)) - Self.resumableLifetime,
              (try? SystemCalls.tryLock(file)) == true else { return }
        if (try? SystemCalls.removeAt(handle.descriptor, name)) != nil {
            logger.info("removed a partial copy nothing resumed for 7 days",
                        metadata: ["file": "\(handle.relativePath.escapedForDisplay)\(name)"])
        }
    }

    /// Removes temporary files that a killed run left in a folder that existed before this run.
    private func sweepOnce(_ handle: DirectoryHandle) {
        guard !handle.swept.load(ordering: .acquiring) else { return }
        defer { handle.swept.store(true, ordering: .releasing) }
        guard swept.withLock({ $0.insert(handle.relativePath).inserted }) else { return }
        let stream: DirectoryStream
        do {
            stream = try DirectoryStream(SystemCalls.duplicate(handle.descriptor))
        } catch {
            return
        }
        stream.rewind()
        while let name = try? stream.nextEntry({ String(decoding: $0, as: UTF8.self) }) {
            if TemporaryName.isResumable(name) {
                removeIfStale(name, in: handle)
                continue
            }
            guard TemporaryName.isAbandoned(name) else { continue }
            if (try? SystemCalls.removeAt(handle.descriptor, name)) != nil {
                logger.info("removed a temporary file left by an interrupted run",
                            metadata: ["file": "\(handle.relativePath.escapedForDisplay)\(name)"])
            }
        }
    }
}
