#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import FoundationEssentials
import ObjectStore
import Synchronization

/// A file being written: a temporary file in the final folder (or, while that folder does not exist
/// yet, in its deepest existing ancestor), renamed to the final name on commit.
///
/// The temporary file is created with `O_CREAT | O_EXCL | O_NOFOLLOW` relative to an already-resolved
/// folder, so it can neither follow a symbolic link nor reuse an existing file. Writes are `pwrite`s
/// at their offsets, safe from any thread. Commit checks the length, sets the modification time,
/// closes, creates missing folders, then renames: the final name shows the whole file or nothing,
/// and an aborted write leaves neither a file nor a folder behind.
final class FilePendingObject: PendingObject {
    let object: ObjectInfo
    /// Where the temporary file is.
    private let folder: DirectoryHandle
    /// The key's path, for the final folder and name.
    private let path: KeyPath
    private let table: DirectoryTable
    private let temporaryName: String
    private let replaceExisting: Bool
    /// The open file while the write is in progress; `nil` once committed or aborted.
    private let descriptor: Mutex<FileDescriptor?>
    /// The end of the furthest byte written: the file's length, since it was created empty and space
    /// is only ever reserved without changing the length. Commit checks it instead of an `fstat`.
    private let extent = Atomic<Int64>(0)
    /// A resumable partial file (``FileResumablePending``): its parts may have been written by an
    /// earlier run and a journal follows the object's bytes, so commit cuts the file to the
    /// object's size instead of checking the extent (the engine counted every part).
    private let journaled: Bool

    var key: ObjectKey { object.key }

    init(object: ObjectInfo, folder: DirectoryHandle, path: KeyPath, table: DirectoryTable,
         temporaryName: String, file: FileDescriptor, replaceExisting: Bool, journaled: Bool = false) {
        self.object = object
        self.folder = folder
        self.path = path
        self.table = table
        self.temporaryName = temporaryName
        self.replaceExisting = replaceExisting
        self.descriptor = Mutex(file)
        self.journaled = journaled
    }

    deinit {
        // A pending write that was neither committed nor aborted leaves nothing behind.
        if let file = descriptor.withLock({ $0.take() }) {
            try? file.close()
            try? SystemCalls.removeAt(folder.descriptor, temporaryName)
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws {
        // Writers of one file (the ranges of a large object, on several event loops) take turns
        // under the descriptor's lock: the kernel serializes writes to one inode anyway, and its
        // waiters spin on a CPU the other writers need, where this lock's waiters sleep.
        let wrote: Bool
        do {
            wrote = try descriptor.withLock { (file) throws(Errno) -> Bool in
                guard let file else { return false }
                try SystemCalls.writeAll(file, bytes, at: offset)
                return true
            }
        } catch {
            throw error.storeError("write", key: key)
        }
        guard wrote else { throw ObjectStoreError(.invalidArgument, "write after commit or abort", key: key) }
        if !bytes.isEmpty { extent.max(offset + Int64(bytes.count), ordering: .relaxed) }
    }

    /// An in-kernel copy (`copy_file_range`) from another local file: one copy instead of a read
    /// and a write. Declines (returns `false`) when the kernel cannot do it between these files.
    func copy(fromFile source: Int32, at sourceOffset: Int64, count: Int, to offset: Int64) throws -> Bool {
        guard let file = descriptor.withLock({ $0 }) else {
            throw ObjectStoreError(.invalidArgument, "write after commit or abort", key: key)
        }
        var done = 0
        while done < count {
            let result: Int
            do {
                result = try SystemCalls.copyFileRange(
                    from: source, at: sourceOffset + Int64(done), to: file, at: offset + Int64(done), count: count - done)
            } catch {
                if done == 0, [EXDEV, EINVAL, ENOSYS, EOPNOTSUPP, EBADF].contains(error.rawValue) { return false }
                throw error.storeError("write", key: key)
            }
            if result == 0 {
                throw ObjectStoreError(.sourceChanged, "file ended at \(sourceOffset + Int64(done)) bytes while copying", key: key)
            }
            done += result
        }
        if count > 0 { extent.max(offset + Int64(count), ordering: .relaxed) }
        return true
    }

    func commit() async throws {
        guard let file = descriptor.withLock({ $0.take() }) else {
            throw ObjectStoreError(.invalidArgument, "commit after commit or abort", key: key)
        }
        do {
            try finish(file)
        } catch {
            try? SystemCalls.removeAt(folder.descriptor, temporaryName)
            throw error
        }
    }

    func abort() async {
        guard let file = descriptor.withLock({ $0.take() }) else { return }
        try? file.close()
        try? SystemCalls.removeAt(folder.descriptor, temporaryName)
    }

    /// Closes the temporary file and leaves it where it is (a resumable one, for a later run).
    func suspend() {
        guard let file = descriptor.withLock({ $0.take() }) else { return }
        try? file.close()
    }

    private func finish(_ file: FileDescriptor) throws {
        // Commit runs after every writer returned, so the extent is final.
        if journaled {
            do {
                try SystemCalls.truncate(file, to: object.size)
            } catch {
                try? file.close()
                throw error.storeError("cut the journal off", key: key)
            }
        } else {
            let length = extent.load(ordering: .acquiring)
            guard length == object.size else {
                try? file.close()
                throw ObjectStoreError(.corrupt, "wrote \(length) bytes, expected \(object.size)", key: key)
            }
        }
        if let modified = object.lastModified {
            do {
                try SystemCalls.setTimes(file, to: Self.timespec(modified))
            } catch {
                try? file.close()
                throw error.storeError("set modification time", key: key)
            }
        }
        // close() can report a deferred write error (NFS, quota): it counts.
        do {
            try file.close()
        } catch {
            throw error.storeError("close", key: key)
        }
        guard let target = try table.folder(holding: path, create: true, key: key) else {
            throw ObjectStoreError(.notFound, "folder missing", key: key)
        }
        do {
            if replaceExisting {
                try SystemCalls.renameAt(folder.descriptor, temporaryName, target.descriptor, path.leaf)
            } else {
                try SystemCalls.renameNoReplace(folder.descriptor, temporaryName, target.descriptor, path.leaf)
            }
        } catch {
            throw renameError(error, in: target)
        }
    }

    private func renameError(_ error: Errno, in target: DirectoryHandle) -> ObjectStoreError {
        if [EEXIST, EISDIR, ENOTEMPTY].contains(error.rawValue),
           let existing = try? SystemCalls.statAt(target.descriptor, path.leaf), SystemCalls.isFileType(existing, S_IFDIR) {
            return ObjectStoreError(.collision, "a folder holds this name", key: key, cause: error.cause)
        }
        if error.rawValue == EEXIST {
            return ObjectStoreError(.alreadyExists, "a file appeared under this name during the run; left untouched", key: key, cause: error.cause)
        }
        return error.storeError("rename into place", key: key)
    }

    static func timespec(_ date: Date) -> Glibc.timespec {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let nanoseconds = ((date.timeIntervalSince1970 - seconds) * 1e9).rounded()
        return Glibc.timespec(tv_sec: Int(seconds), tv_nsec: min(Int(nanoseconds), 999_999_999))
    }
}

/// The pending creation of a directory marker (`dir/`): nothing to write, a folder on commit.
final class DirectoryMarkerPending: PendingObject {
    let object: ObjectInfo
    private let table: DirectoryTable
    private let path: KeyPath

    var key: ObjectKey { object.key }

    init(object: ObjectInfo, table: DirectoryTable, path: KeyPath) {
        self.object = object
        self.table = table
        self.path = path
    }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws {
        guard bytes.isEmpty else {
            throw ObjectStoreError(.invalidKey, "a directory marker cannot hold bytes", key: key)
        }
    }

    func commit() async throws {
        _ = try table.folder(ArraySlice(path.folders + [path.leaf]), create: true, key: key)
    }

    func abort() async {}
}
