#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import ObjectStore
import Synchronization

/// A large file written in parts that a later run can finish: the partial file
/// (``TemporaryName/resumable(for:)``, in the final folder) holds the object's bytes at their
/// offsets and, after them, its ``ResumeJournal``. The file is locked (`flock`) while open, so two
/// processes never write it at once; the lock dies with the process.
///
/// Writes, commit and abort are a ``FilePendingObject``'s; a completed part is made durable
/// (`fdatasync`) before the journal names it, and the journal again after.
final class FileResumablePending: ResumablePendingObject {
    private let file: FilePendingObject
    private let descriptor: FileDescriptor
    private let journal: Mutex<ResumeJournal>
    let parts: [Range<Int64>]
    let completedParts: [Int: [UInt8]]

    var key: ObjectKey { file.key }

    init(file: FilePendingObject, descriptor: FileDescriptor, journal: ResumeJournal) {
        self.file = file
        self.descriptor = descriptor
        self.journal = Mutex(journal)
        self.parts = journal.parts
        self.completedParts = journal.completed
    }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws {
        try file.write(bytes, at: offset)
    }

    func copy(fromFile source: Int32, at sourceOffset: Int64, count: Int, to offset: Int64) throws -> Bool {
        try file.copy(fromFile: source, at: sourceOffset, count: count, to: offset)
    }

    func partCompleted(_ index: Int, checksum: [UInt8]) throws {
        // One record at a time: two slots written at once could both be torn by a crash.
        let failure: Errno? = journal.withLock { journal in
            do throws(Errno) {
                try SystemCalls.syncData(descriptor)
                journal.completed[index] = checksum
                journal.generation += 1
                try write(journal.encoded(), at: journal.slotOffset(Int(journal.generation % 2)))
                try SystemCalls.syncData(descriptor)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure.storeError("record a finished part", key: key) }
    }

    private func write(_ bytes: [UInt8], at offset: Int64) throws(Errno) {
        let failure: Errno? = bytes.withUnsafeBytes { buffer in
            do throws(Errno) {
                try SystemCalls.writeAll(descriptor, buffer, at: offset)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }

    func commit() async throws {
        try await file.commit()
    }

    func abort() async {
        await file.abort()
    }

    func suspend() async {
        file.suspend()
    }
}
