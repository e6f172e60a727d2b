#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CPosix

/// Thin wrappers over the system calls the file backend uses: each retries on `EINTR` where the
/// call can be interrupted, returns its result as a Swift value (an owning ``FileDescriptor`` for
/// a new descriptor) and throws its failure as an ``Errno``. These are the only places that call
/// them (with ``FileDescriptor``, ``DirectoryStream`` and the other `SystemCalls+` files).
///
/// Names go to C through `withCString`, which lends the string's own bytes: passing a `String`
/// where C wants a `const char *` copies it into a new array on every call.
enum SystemCalls {
    /// `openat` relative to `directory`, with `O_CLOEXEC`.
    static func openAt(_ directory: FileDescriptor, _ name: String, _ flags: Int32, _ mode: mode_t = 0) throws(Errno) -> FileDescriptor {
        let fd = name.withCString { name in
            while true {
                let fd = openat(directory.rawValue, name, flags | O_CLOEXEC, mode)
                if fd >= 0 || errno != EINTR { return fd }
            }
        }
        guard fd >= 0 else { throw Errno.current }
        return FileDescriptor(owning: fd)
    }

    /// `open` of a path (the store's root, as the user named it), with `O_CLOEXEC`.
    static func open(_ path: String, _ flags: Int32, _ mode: mode_t = 0) throws(Errno) -> FileDescriptor {
        while true {
            let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return FileDescriptor(owning: fd) }
            if errno != EINTR { throw Errno.current }
        }
    }

    /// `dup`: a second descriptor of the same open file, with its own owner.
    static func duplicate(_ file: FileDescriptor) throws(Errno) -> FileDescriptor {
        let fd = dup(file.rawValue)
        guard fd >= 0 else { throw Errno.current }
        return FileDescriptor(owning: fd)
    }

    /// Writes all of `bytes` at `offset` (`pwrite`), looping over short writes.
    static func writeAll(_ file: FileDescriptor, _ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(Errno) {
        var done = 0
        while done < bytes.count {
            let result = pwrite(file.rawValue, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
            if result < 0 {
                if errno == EINTR { continue }
                throw Errno.current
            }
            if result == 0 { throw Errno(rawValue: EIO) }
            done += result
        }
    }

    /// Reads up to `buffer.count` bytes at `offset` (`pread`), looping over short reads until the
    /// buffer is full or the file ends. Returns the count read.
    static func readFully(_ file: FileDescriptor, into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(Errno) -> Int {
        var done = 0
        while done < buffer.count {
            let result = pread(file.rawValue, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if result < 0 {
                if errno == EINTR { continue }
                throw Errno.current
            }
            if result == 0 { break }
            done += result
        }
        return done
    }

    /// One in-kernel copy (`copy_file_range`) of up to `count` bytes from `source` (a descriptor
    /// lent by a ``ByteSink`` caller, which keeps it open) into `file`, retried on `EINTR`.
    /// Returns the count copied: 0 at the end of the source.
    static func copyFileRange(from source: Int32, at sourceOffset: Int64, to file: FileDescriptor, at offset: Int64,
                              count: Int) throws(Errno) -> Int {
        while true {
            let result = s3clone_copy_file_range(source, off_t(sourceOffset), file.rawValue, off_t(offset), count)
            if result >= 0 { return result }
            if errno != EINTR { throw Errno.current }
        }
    }

    /// Reserves `length` bytes of blocks from the start without changing the file's size
    /// (`fallocate` with `FALLOC_FL_KEEP_SIZE`; `EOPNOTSUPP` where unsupported).
    static func reserveSpace(_ file: FileDescriptor, length: Int64) throws(Errno) {
        if s3clone_reserve_space(file.rawValue, 0, off_t(length)) != 0 { throw Errno.current }
    }

    /// Whether reserving a file's blocks up front is worth it where `file` lives: not on a file
    /// system that keeps files in memory (tmpfs, ramfs), where a reservation allocates and charges
    /// every page at once, the work the writes do anyway, but all of it before the first byte.
    /// One 4 GiB object spent 38% of its CPU time in that `fallocate`, before any range started.
    static func reservesCheaply(_ file: FileDescriptor) -> Bool {
        s3clone_is_in_memory(file.rawValue) != 1
    }

    /// Puts the whole file system that holds `file` on stable storage (`syncfs`): data, inodes and
    /// directory entries, one journal commit for everything written since.
    static func syncFileSystem(of file: FileDescriptor) throws(Errno) {
        if s3clone_syncfs(file.rawValue) != 0 { throw Errno.current }
    }

    /// Sets the access and modification times to `time` (`futimens`).
    static func setTimes(_ file: FileDescriptor, to time: timespec) throws(Errno) {
        var times = (time, time)
        let result = withUnsafePointer(to: &times) { pair in
            pair.withMemoryRebound(to: timespec.self, capacity: 2) { futimens(file.rawValue, $0) }
        }
        if result != 0 { throw Errno.current }
    }

    /// `fstat`.
    static func status(of file: FileDescriptor) throws(Errno) -> stat {
        var info = stat()
        guard fstat(file.rawValue, &info) == 0 else { throw Errno.current }
        return info
    }

    /// `fstatat` without following a final symbolic link.
    static func statAt(_ directory: FileDescriptor, _ name: String) throws(Errno) -> stat {
        var info = stat()
        let result = name.withCString { fstatat(directory.rawValue, $0, &info, AT_SYMLINK_NOFOLLOW) }
        guard result == 0 else { throw Errno.current }
        return info
    }

    static func isFileType(_ info: stat, _ type: mode_t) -> Bool {
        info.st_mode & S_IFMT == type
    }
}
