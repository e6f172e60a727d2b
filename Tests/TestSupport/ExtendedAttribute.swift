#if canImport(Glibc)
import Glibc
#endif
import CPosix
import Foundation

/// Reads and writes a file's extended attributes, as a test looks at what s3clone left beside a
/// file (`user.s3clone.*`).
public enum ExtendedAttribute {
    /// The attribute `name` of the file at `path` as text; `nil` when it has none.
    public static func read(_ name: String, of path: String) -> String? {
        let file = open(path, O_RDONLY | O_NOFOLLOW)
        guard file >= 0 else { return nil }
        defer { close(file) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = s3clone_get_attribute(file, name, &buffer, buffer.count)
        return count < 0 ? nil : String(decoding: buffer[0..<count], as: UTF8.self)
    }

    /// Sets the attribute `name` of the file at `path` to `text`.
    public static func write(_ name: String, _ text: String, of path: String) throws {
        let file = open(path, O_RDONLY | O_NOFOLLOW)
        guard file >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(file) }
        let bytes = Array(text.utf8)
        guard s3clone_set_attribute(file, name, bytes, bytes.count) == 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
    }
}
