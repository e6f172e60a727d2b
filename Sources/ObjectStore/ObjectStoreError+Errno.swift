#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension ObjectStoreError.Cause {
    /// An operating-system error number, with its symbolic name and `strerror` text.
    public static func errno(_ number: Int32) -> Self {
        .init(domain: "errno", code: errnoName(number), detail: String(cString: strerror(number)))
    }

    private static func errnoName(_ number: Int32) -> String {
        switch number {
        case ENOENT: return "ENOENT"
        case EACCES: return "EACCES"
        case EPERM: return "EPERM"
        case ENOSPC: return "ENOSPC"
        case EDQUOT: return "EDQUOT"
        case EROFS: return "EROFS"
        case ENAMETOOLONG: return "ENAMETOOLONG"
        case ELOOP: return "ELOOP"
        case ENOTDIR: return "ENOTDIR"
        case EISDIR: return "EISDIR"
        case EEXIST: return "EEXIST"
        case EMFILE: return "EMFILE"
        case ENFILE: return "ENFILE"
        case ENOMEM: return "ENOMEM"
        case EIO: return "EIO"
        case EXDEV: return "EXDEV"
        case ENOTEMPTY: return "ENOTEMPTY"
        default: return String(number)
        }
    }
}

extension ObjectStoreError {
    /// Maps a failed system call to an error with the right code.
    ///
    /// - Parameters:
    ///   - number: the `errno` the call left.
    ///   - operation: what was being done, in words (`"create"`, `"write"`): the message's start.
    ///   - key: the object concerned, if any.
    public init(errno number: Int32, operation: String, key: ObjectKey? = nil) {
        let code: Code
        switch number {
        case ENOENT: code = .notFound
        case EACCES, EPERM: code = .accessDenied
        case ENOSPC, EDQUOT: code = .noSpace
        case EROFS: code = .readOnly
        case ENAMETOOLONG: code = .invalidKey
        case ELOOP, ENOTDIR, EISDIR, ENOTEMPTY: code = .collision
        case EEXIST: code = .alreadyExists
        case EMFILE, ENFILE, ENOMEM: code = .resourceLimit
        default: code = .io
        }
        self.init(code, "\(operation) failed", key: key, cause: .errno(number))
    }
}
