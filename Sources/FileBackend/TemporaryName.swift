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

    static func make(processID: Int32, sequence: UInt64) -> String {
        prefix + String(processID) + "-" + String(sequence, radix: 16) + suffix
    }

    /// Whether `name` has the shape of a temporary file name.
    static func isTemporary(_ name: some StringProtocol) -> Bool {
        owner(of: name) != nil
    }

    /// The process id in a temporary file name, or `nil` if `name` is not one.
    static func owner(of name: some StringProtocol) -> Int32? {
        guard name.hasPrefix(prefix), name.hasSuffix(suffix) else { return nil }
        let middle = name.dropFirst(prefix.count).dropLast(suffix.count)
        let parts = middle.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2,
              let pid = Int32(parts[0]), pid > 0, String(pid) == parts[0],
              !parts[1].isEmpty, parts[1].allSatisfy(\.isHexDigit), parts[1].allSatisfy({ !$0.isUppercase })
        else { return nil }
        return pid
    }

    /// Whether `name` is a temporary file whose owning process no longer exists.
    static func isAbandoned(_ name: some StringProtocol) -> Bool {
        guard let pid = owner(of: name), pid != getpid() else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }
}
