import Synchronization

/// The owner of one open directory; closing happens when the last user lets go.
///
/// Files are created and renamed relative to these descriptors (`openat`, `renameat`), so a path is
/// resolved once, without following symbolic links, and later writes cannot be redirected.
final class DirectoryHandle: Sendable {
    let descriptor: FileDescriptor
    /// The directory's path relative to the store's root: empty for the root, else ending in `/`.
    let relativePath: String
    /// Set once the table has swept (or skipped sweeping) this folder: later uses skip the check.
    let swept = Atomic<Bool>(false)

    init(descriptor: FileDescriptor, relativePath: String) {
        self.descriptor = descriptor
        self.relativePath = relativePath
    }
}
