#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CPosix

extension SystemCalls {
    /// `mkdir` of a path (the store's root, as the user named it).
    static func makeDirectory(_ path: String, _ mode: mode_t) throws(Errno) {
        let result = path.withCString { mkdir($0, mode) }
        if result != 0 { throw Errno.current }
    }

    /// `mkdirat` relative to `directory`.
    static func makeDirectoryAt(_ directory: FileDescriptor, _ name: String, _ mode: mode_t) throws(Errno) {
        let result = name.withCString { mkdirat(directory.rawValue, $0, mode) }
        if result != 0 { throw Errno.current }
    }

    /// `unlinkat` of a file relative to `directory`.
    static func removeAt(_ directory: FileDescriptor, _ name: String) throws(Errno) {
        let result = name.withCString { unlinkat(directory.rawValue, $0, 0) }
        if result != 0 { throw Errno.current }
    }

    /// `renameat`, replacing whatever `to` names.
    static func renameAt(_ fromDirectory: FileDescriptor, _ from: String, _ toDirectory: FileDescriptor, _ to: String) throws(Errno) {
        let result = from.withCString { from in
            to.withCString { to in renameat(fromDirectory.rawValue, from, toDirectory.rawValue, to) }
        }
        if result != 0 { throw Errno.current }
    }

    /// Renames without replacing an existing entry. Falls back to link + unlink on file systems
    /// that do not support `RENAME_NOREPLACE`.
    static func renameNoReplace(_ fromDirectory: FileDescriptor, _ from: String, _ toDirectory: FileDescriptor, _ to: String) throws(Errno) {
        let result = from.withCString { from in
            to.withCString { to in s3clone_rename_noreplace(fromDirectory.rawValue, from, toDirectory.rawValue, to) }
        }
        if result == 0 { return }
        let error = Errno.current
        guard error.rawValue == EINVAL || error.rawValue == ENOSYS else { throw error }
        let linked = from.withCString { from in
            to.withCString { to in linkat(fromDirectory.rawValue, from, toDirectory.rawValue, to, 0) }
        }
        if linked != 0 { throw Errno.current }
        try? removeAt(fromDirectory, from)
    }

    /// The canonical absolute path of an existing `path` (`realpath`: symbolic links and `..` resolved).
    static func resolvedPath(_ path: String) throws(Errno) -> String {
        guard let resolved = realpath(path, nil) else { throw Errno.current }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
