#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The owner of one open directory stream (`fdopendir`), closed (`closedir`) when it goes away.
///
/// It takes over the folder's descriptor, which stays open with it: folder is what names in
/// the folder are opened and examined relative to.
struct DirectoryStream: ~Copyable {
    private let stream: OpaquePointer
    /// The folder's descriptor, now closed by this stream.
    let folder: FileDescriptor

    /// Opens a stream over `folder`, which it then owns.
    ///
    /// - Throws: the `fdopendir` error; `folder` then still owns (and closes) its descriptor.
    init(_ folder: FileDescriptor) throws(Errno) {
        guard let stream = fdopendir(folder.rawValue) else { throw Errno.current }
        folder.giveAway()
        self.stream = stream
        self.folder = folder
    }

    deinit {
        closedir(stream)
    }

    /// Starts over at the first entry.
    func rewind() {
        rewinddir(stream)
    }

    /// Lends the next entry's name (its bytes, without the final NUL; `.` and `..` included) to
    /// `body`; `nil` at the end of the folder.
    ///
    /// - Throws: the `readdir` error.
    func nextEntry<Result>(_ body: (UnsafeRawBufferPointer) -> Result) throws(Errno) -> Result? {
        errno = 0
        guard let entry = readdir(stream) else {
            if errno != 0 { throw Errno.current }
            return nil
        }
        return withUnsafeBytes(of: entry.pointee.d_name) { raw in
            body(UnsafeRawBufferPointer(rebasing: raw[..<(raw.firstIndex(of: 0) ?? raw.count)]))
        }
    }
}
