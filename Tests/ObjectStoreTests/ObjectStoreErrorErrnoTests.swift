#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ObjectStore
import Testing

/// A failed system call becomes an error whose code says what to do and whose cause says what happened.
struct ObjectStoreErrorErrnoTests {
    static let table: [(Int32, ObjectStoreError.Code, String)] = [
        (ENOSPC, .noSpace, "ENOSPC"),
        (EDQUOT, .noSpace, "EDQUOT"),
        (EROFS, .readOnly, "EROFS"),
        (ENOENT, .notFound, "ENOENT"),
        (EACCES, .accessDenied, "EACCES"),
        (EPERM, .accessDenied, "EPERM"),
        (ENAMETOOLONG, .invalidKey, "ENAMETOOLONG"),
        (ELOOP, .collision, "ELOOP"),
        (ENOTDIR, .collision, "ENOTDIR"),
        (EISDIR, .collision, "EISDIR"),
        (ENOTEMPTY, .collision, "ENOTEMPTY"),
        (EEXIST, .alreadyExists, "EEXIST"),
        (EMFILE, .resourceLimit, "EMFILE"),
        (ENFILE, .resourceLimit, "ENFILE"),
        (ENOMEM, .resourceLimit, "ENOMEM"),
        (EIO, .io, "EIO"),
        (EXDEV, .io, "EXDEV"),
    ]

    @Test(arguments: table)
    func mapsErrno(number: Int32, code: ObjectStoreError.Code, name: String) {
        let error = ObjectStoreError(errno: number, operation: "create", key: "dir/file")
        #expect(error.code == code)
        #expect(error.key == "dir/file")
        #expect(error.cause?.domain == "errno")
        #expect(error.cause?.code == name)
        #expect(error.cause?.detail != nil)
    }

    @Test func unknownErrnoIsAnIOErrorNamedByNumber() {
        let error = ObjectStoreError(errno: 9999, operation: "read")
        #expect(error.code == .io)
        #expect(error.key == nil)
        #expect(error.cause?.domain == "errno")
        #expect(error.cause?.code == "9999")
    }

    @Test(arguments: [ENOSPC, EDQUOT, EROFS])
    func fullOrReadOnlyDiskStopsTheTransfer(number: Int32) {
        #expect(ObjectStoreError(errno: number, operation: "write").code.isFatal)
    }
}
