#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import ObjectStore
import Synchronization

/// Scratch files in a local directory (a run's destination folder by default): each is created
/// under a temporary name (``TemporaryName``, with this process's id) and removed from the
/// directory at once, so it has no name while the run uses it and the kernel frees it when the
/// run releases it or dies, even by `kill -9`. A kill between the two steps leaves a name
/// that the next run in that folder removes, as it removes the temporary files of killed copies.
public final class FileScratchSpace: ScratchSpace {
    /// The directory the files are made in; it must exist.
    public let directory: String
    private let ownerPrefix: String
    private let nextName: Atomic<UInt64>

    public init(directory: String) {
        self.directory = directory
        self.ownerPrefix = TemporaryName.ownerPrefix(processID: SystemCalls.processID)
        self.nextName = Atomic(UInt64.random(in: 0..<(1 << 32)))
    }

    /// See ``ObjectStore/ScratchSpace/makeScratchFile()``.
    public func makeScratchFile() throws -> any ScratchFile {
        let folder: FileDescriptor
        do {
            folder = try SystemCalls.open(directory, O_RDONLY | O_DIRECTORY)
        } catch {
            throw error.storeError("open the scratch folder '\(directory.escapedForDisplay)'")
        }
        let (file, name): (FileDescriptor, String)
        do {
            (file, name) = try TemporaryName.createFile(in: folder, flags: O_RDWR, mode: 0o600) {
                TemporaryName.make(ownerPrefix: ownerPrefix, sequence: nextName.wrappingAdd(1, ordering: .relaxed).oldValue)
            }
        } catch {
            throw error.storeError("create a scratch file in '\(directory.escapedForDisplay)'")
        }
        do {
            try SystemCalls.removeAt(folder, name)
        } catch {
            throw error.storeError("unlink the scratch file '\(name)'")
        }
        return FileScratchFile(file)
    }
}

/// An open scratch file of a ``FileScratchSpace``, closed with its last reference.
final class FileScratchFile: ScratchFile {
    private let file: FileDescriptor

    init(_ file: FileDescriptor) {
        self.file = file
    }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws {
        do {
            try SystemCalls.writeAll(file, bytes, at: offset)
        } catch {
            throw error.storeError("write \(bytes.count) bytes to a scratch file")
        }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws -> Int {
        do {
            return try SystemCalls.readFully(file, into: buffer, at: offset)
        } catch {
            throw error.storeError("read a scratch file")
        }
    }
}
