#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import ObjectStore

/// A system call's error number as a value: what the wrappers in SystemCalls throw.
///
/// Callers react to particular numbers (`ENOENT` is often an answer, not a failure) and turn the
/// rest into an ObjectStoreError with the project's errno mapping (storeError(_:key:)).
struct Errno: Error, RawRepresentable, Hashable, Sendable {
    let rawValue: Int32

    init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// The `errno` the failed call just left (read at once, before anything else can change it).
    static var current: Errno { Errno(rawValue: errno) }

    /// The failure as an error of `operation` (`"open"`, `"write"`: the message's start).
    func storeError(_ operation: String, key: ObjectKey? = nil) -> ObjectStoreError {
        ObjectStoreError(errno: rawValue, operation: operation, key: key)
    }

    /// The failure as the cause of an error whose code and message the caller chooses.
    var cause: ObjectStoreError.Cause { .errno(rawValue) }
}
