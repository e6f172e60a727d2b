#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Names of the temporary files a pending write fills before it is renamed to its final name.
///
/// Shape: `.s3clone-<pid>-<hex>.tmp`, created with `O_EXCL` beside the final file. The owning process
/// id lets a later run recognise leftovers of a run that was killed (its process is gone) and remove
/// them; files of a live process, and anything of another shape (such as a real object named
/// `.s3clone-partial-x`), are never touched. Keys with this shape are refused, so no object can
/// ever be mistaken for a leftover.
enum TemporaryName {
    static let prefix = ".s3clone-"
    static let suffix = ".tmp"

    /// The part of the names of one process that does not change: `.s3clone-<pid>-`.
    static func ownerPrefix(processID: Int32) -> String {
        prefix + String(processID) + "-"
    }

    /// A name from a prefix made by ``ownerPrefix(processID:)``.
    static func make(ownerPrefix: String, sequence: UInt64) -> String {
        var name = ownerPrefix
        name += String(sequence, radix: 16)
        name += suffix
        return name
    }

    /// Creates a new file in `folder` under the first of `nextName()`'s names that is free
    /// (`O_CREAT | O_EXCL | O_NOFOLLOW` and `flags`), trying the next while one is taken.
    static func createFile(in folder: FileDescriptor, flags: Int32, mode: mode_t,
                           nextName: () -> String) throws(Errno) -> (file: FileDescriptor, name: String) {
        while true {
            let name = nextName()
            do {
                return (try SystemCalls.openAt(folder, name, flags | O_CREAT | O_EXCL | O_NOFOLLOW, mode), name)
            } catch {
                if error.rawValue != EEXIST { throw error }
            }
        }
    }

    /// Whether `name` has the shape of a temporary file name (a process's, or a resumable one).
    static func isTemporary(_ name: some StringProtocol) -> Bool {
        owner(of: name) != nil || isResumable(name)
    }

    /// The start of a resumable partial file's name: `.s3clone-resume-`.
    static let resumablePrefix = prefix + "resume-"

    /// The resumable partial file of the file named `leaf` in the same folder:
    /// `.s3clone-resume-<16 hex digits>.tmp`, the digits FNV-1a 64 of the leaf's bytes. The same
    /// name in every run, so the next run finds it; tied to no process (a lock says whether one
    /// is writing it).
    static func resumable(for leaf: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in leaf.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return resumablePrefix + String(repeating: "0", count: 16 - digits.count) + digits + suffix
    }

    /// Whether `name` has the shape of ``resumable(for:)``'s names.
    static func isResumable(_ name: some StringProtocol) -> Bool {
        guard name.utf8.starts(with: resumablePrefix.utf8) else { return false }
        let bytes = Array(name.utf8)
        guard bytes.count == resumablePrefix.utf8.count + 16 + suffix.utf8.count, bytes.reversed().starts(with: suffix.utf8.reversed()) else {
            return false
        }
        return bytes[resumablePrefix.utf8.count..<(resumablePrefix.utf8.count + 16)].allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// The process id in a temporary file name, or `nil` if `name` is not one.
    static func owner(of name: some StringProtocol) -> Int32? {
        // Nearly every name checked is a key segment without the prefix: answer it without copying.
        guard name.utf8.starts(with: prefix.utf8) else { return nil }
        let bytes = Array(name.utf8)
        guard bytes.starts(with: prefix.utf8), bytes.reversed().starts(with: suffix.utf8.reversed()),
              bytes.count > prefix.utf8.count + suffix.utf8.count else { return nil }
        let middle = bytes[prefix.utf8.count..<(bytes.count - suffix.utf8.count)]
        let parts = middle.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
        func isLowerHex(_ byte: UInt8) -> Bool { isDigit(byte) || (0x61...0x66).contains(byte) }
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 10, parts[0].first != 0x30,
              parts[0].allSatisfy(isDigit), !parts[1].isEmpty, parts[1].allSatisfy(isLowerHex),
              let pid = Int32(String(decoding: parts[0], as: UTF8.self)), pid > 0
        else { return nil }
        return pid
    }

    /// Whether `name` is a temporary file whose owning process no longer exists.
    static func isAbandoned(_ name: some StringProtocol) -> Bool {
        guard let pid = owner(of: name), pid != SystemCalls.processID else { return false }
        return SystemCalls.processIsGone(pid)
    }
}
