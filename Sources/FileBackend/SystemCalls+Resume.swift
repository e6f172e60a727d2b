#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The calls a resumable partial file needs: a lock that dies with its process, durable data,
/// and a length cut back to the object's.
extension SystemCalls {
    /// Takes an exclusive lock on `file` without waiting (`flock`); `false` when another open file
    /// holds it. The lock goes when the descriptor closes, also when its process is killed.
    static func tryLock(_ file: FileDescriptor) throws(Errno) -> Bool {
        if flock(file.rawValue, LOCK_EX | LOCK_NB) == 0 { return true }
        let error = Errno.current
        if error.rawValue == EWOULDBLOCK { return false }
        throw error
    }

    /// Puts the file's data (and the size, where it changed) on stable storage (`fdatasync`).
    static func syncData(_ file: FileDescriptor) throws(Errno) {
        if fdatasync(file.rawValue) != 0 { throw Errno.current }
    }

    /// Cuts or extends the file to `length` bytes (`ftruncate`).
    static func truncate(_ file: FileDescriptor, to length: Int64) throws(Errno) {
        if ftruncate(file.rawValue, off_t(length)) != 0 { throw Errno.current }
    }
}
