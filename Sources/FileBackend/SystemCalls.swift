#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CPosix

/// Thin wrappers over the system calls the file backend uses: each retries on `EINTR` and returns
/// the C result, leaving `errno` for the caller. These are the only places that call them.
///
/// Names go to C through `withCString`, which lends the string's own bytes: passing a `String`
/// where C wants a `const char *` copies it into a new array on every call.
enum SystemCalls {
    static func openAt(_ directory: Int32, _ name: String, _ flags: Int32, _ mode: mode_t = 0) -> Int32 {
        name.withCString { name in
            while true {
                let fd = openat(directory, name, flags | O_CLOEXEC, mode)
                if fd >= 0 || errno != EINTR { return fd }
            }
        }
    }

    /// `renameat`. Returns 0 or -1 with `errno` set.
    static func renameAt(_ fromDirectory: Int32, _ from: String, _ toDirectory: Int32, _ to: String) -> Int32 {
        from.withCString { from in
            to.withCString { to in renameat(fromDirectory, from, toDirectory, to) }
        }
    }

    static func open(_ path: String, _ flags: Int32, _ mode: mode_t = 0) -> Int32 {
        while true {
            let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 || errno != EINTR { return fd }
        }
    }

    /// Writes all of `bytes` at `offset`, looping over short writes. Returns 0 or an errno.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int64) -> Int32 {
        var done = 0
        while done < bytes.count {
            let result = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
            if result < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if result == 0 { return EIO }
            done += result
        }
        return 0
    }

    /// Reads up to `buffer.count` bytes at `offset`, looping over short reads until the buffer is
    /// full or the file ends. Returns the count read, or -1 with `errno` set.
    static func readFully(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) -> Int {
        var done = 0
        while done < buffer.count {
            let result = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if result < 0 {
                if errno == EINTR { continue }
                return -1
            }
            if result == 0 { break }
            done += result
        }
        return done
    }

    /// `fstatat` without following a final symbolic link.
    static func statAt(_ directory: Int32, _ name: String) -> stat? {
        var info = stat()
        let result = name.withCString { fstatat(directory, $0, &info, AT_SYMLINK_NOFOLLOW) }
        return result == 0 ? info : nil
    }

    /// Renames without replacing an existing entry. Falls back to link + unlink on file systems
    /// that do not support `RENAME_NOREPLACE`. Returns 0 or an errno.
    static func renameNoReplace(_ fromDirectory: Int32, _ from: String, _ toDirectory: Int32, _ to: String) -> Int32 {
        let result = from.withCString { from in
            to.withCString { to in s3clone_rename_noreplace(fromDirectory, from, toDirectory, to) }
        }
        if result == 0 { return 0 }
        let error = errno
        guard error == EINVAL || error == ENOSYS else { return error }
        if linkat(fromDirectory, from, toDirectory, to, 0) != 0 { return errno }
        unlinkat(fromDirectory, from, 0)
        return 0
    }

    static func isFileType(_ info: stat, _ type: mode_t) -> Bool {
        info.st_mode & S_IFMT == type
    }
}
