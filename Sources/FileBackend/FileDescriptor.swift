#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// The owner of one open file descriptor: it closes itself when the last reference goes, unless it
/// was closed already (close()) or its ownership was given away (giveAway()).
///
/// A class, not a `~Copyable` struct: a pending write's descriptor is used by several writers at
/// once (`pwrite` from many threads) and closed by its commit while the pending object lives on,
/// and a folder's descriptor is shared by the table and every write in that folder. A reference
/// can be handed out of a lock and used outside it; a borrowed `~Copyable` value cannot.
///
/// Only the wrapper layer (SystemCalls, DirectoryStream) reads rawValue, and only
/// while it holds this owner, so the number is never used after it was closed.
final class FileDescriptor: Sendable {
    /// The descriptor number, for the wrapper layer only.
    let rawValue: Int32
    /// Whether this owner still has to close the descriptor.
    private let owned = Atomic<Bool>(true)

    /// Takes ownership of `rawValue`, an open descriptor.
    init(owning rawValue: Int32) {
        self.rawValue = rawValue
    }

    deinit {
        if owned.load(ordering: .acquiring) { _ = Glibc.close(rawValue) }
    }

    /// Whether the descriptor is still open and owned here.
    var isOpen: Bool { owned.load(ordering: .acquiring) }

    /// Closes the descriptor now. `close` can report a deferred write error (NFS, quota), which
    /// a caller that wrote through it must count.
    ///
    /// - Throws: the error `close` reported; `EBADF` when it was closed or given away already.
    func close() throws(Errno) {
        guard owned.exchange(false, ordering: .acquiringAndReleasing) else { throw Errno(rawValue: EBADF) }
        if Glibc.close(rawValue) != 0 { throw Errno.current }
    }

    /// Hands the duty of closing to something else (a directory stream made with `fdopendir`).
    /// The number stays usable for as long as that new owner keeps it open.
    func giveAway() {
        owned.store(false, ordering: .releasing)
    }

    /// Lends the number to `body` (an API whose contract takes a raw descriptor), keeping this
    /// owner, and so the descriptor, alive until `body` returns.
    func withRawValue<Result>(_ body: (Int32) throws -> Result) rethrows -> Result {
        defer { withExtendedLifetime(self) {} }
        return try body(rawValue)
    }
}
