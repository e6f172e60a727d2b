#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import ObjectStore

extension FileStore {
    /// See ``ObjectStore/createResumable(_:plan:options:)``: opens (or creates) the object's
    /// resumable partial file in its final folder (created if missing) and locks it. A journal
    /// that describes this object and plan is resumed, with its own part size; anything else in
    /// the file (another object's, a torn or hostile journal, no journal) is cut away and the
    /// write starts from nothing. `nil` (write it the ordinary way) for a directory marker, an
    /// empty object, a name held by something other than a regular file (a link is never
    /// followed), or a partial file another live process holds.
    public func createResumable(_ object: ObjectInfo, plan: ResumePlan, options: CreateOptions) async throws -> (any ResumablePendingObject)? {
        let key = object.key
        let path = try KeyPath(key)
        guard !path.isDirectory, object.size > 0, plan.partSize > 0,
              let folder = try directories.folder(holding: path, create: true, key: key) else { return nil }
        let name = TemporaryName.resumable(for: path.leaf)
        let file: FileDescriptor
        do {
            file = try SystemCalls.openAt(folder.descriptor, name, O_RDWR | O_CREAT | O_NOFOLLOW, 0o666)
        } catch {
            if [ELOOP, EISDIR, ENXIO, EACCES, ETXTBSY].contains(error.rawValue) { return nil }
            throw error.storeError("open the resumable partial file", key: key)
        }
        do {
            guard try SystemCalls.tryLock(file), SystemCalls.isFileType(try SystemCalls.status(of: file), S_IFREG) else {
                try? file.close()
                return nil
            }
            var journal = ResumeJournal(key: key.rawValue, size: object.size, plan: plan)
            if let found = Self.journal(in: file, size: object.size, hint: journal), found.describes(object, plan: plan) {
                journal = found
                logger.info("resuming a partial copy", metadata: [
                    "key": "\(key.rawValue.escapedForDisplay)", "parts done": "\(found.completed.count) of \(found.partCount)"])
            } else {
                try SystemCalls.truncate(file, to: 0)
                if object.size >= 1 << 20, SystemCalls.reservesCheaply(file) { try? SystemCalls.reserveSpace(file, length: object.size) }
            }
            let pending = FilePendingObject(
                object: object, folder: folder, path: path, table: directories, temporaryName: name,
                file: file, replaceExisting: options.replaceExisting, journaled: true)
            return FileResumablePending(file: pending, descriptor: file, journal: journal)
        } catch {
            try? file.close()
            throw error.storeError("prepare the resumable partial file", key: key)
        }
    }

    /// The newest readable journal slot in a partial file for an object of `size` bytes; `nil`
    /// when neither slot reads back. The slots' size follows from the journal, so both the
    /// size `hint` gives and the size the file's own length implies are tried.
    static func journal(in file: FileDescriptor, size: Int64, hint: ResumeJournal) -> ResumeJournal? {
        guard let info = try? SystemCalls.status(of: file) else { return nil }
        let trailer = Int64(info.st_size) - size
        guard trailer > 0, trailer % 2 == 0, trailer / 2 <= 64 << 20 else { return nil }
        let slotSize = Int(trailer / 2)
        var best: ResumeJournal?
        for index in 0..<2 {
            var slot = [UInt8](repeating: 0, count: slotSize)
            let read = slot.withUnsafeMutableBytes { try? SystemCalls.readFully(file, into: $0, at: size + Int64(index * slotSize)) }
            guard read == slotSize, let journal = ResumeJournal.decode(slot), journal.size == size,
                  Int(journal.generation % 2) == index else { continue }
            if best == nil || journal.generation > best!.generation { best = journal }
        }
        return best
    }
}
