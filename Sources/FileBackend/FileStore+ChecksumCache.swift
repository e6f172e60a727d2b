#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CPosix
import Digests
import ObjectStore

extension FileStore {
    /// See ``ObjectStore/computedChecksum(_:partSize:of:)``: the file read whole, unless its
    /// extended attribute `user.s3clone.<algorithm>` (`user.s3clone.<algorithm>.<part size>` for a
    /// composite one) holds the checksum computed when the file had its present size and
    /// modification time. A new checksum is stored there when the file did not
    /// change while it was read; a file system without user attributes just hashes every time.
    public func computedChecksum(_ algorithm: ChecksumAlgorithm, partSize: Int64?, of object: ObjectInfo) async throws -> [UInt8]? {
        let key = object.key
        let path = try KeyPath(key)
        guard !path.isDirectory, let folder = try directories.folder(holding: path, create: false, key: key) else { return nil }
        let file: FileDescriptor
        do {
            file = try SystemCalls.openAt(folder.descriptor, path.leaf, O_RDONLY | O_NOFOLLOW)
        } catch {
            throw error.storeError("open", key: key)
        }
        defer { try? file.close() }
        let name = ChecksumCacheEntry.attributeName(algorithm, partSize: partSize)
        guard let before = try? SystemCalls.status(of: file), SystemCalls.isFileType(before, S_IFREG) else { return nil }
        let stamp = ChecksumCacheEntry.Stamp(before)
        if let cached = SystemCalls.attribute(name, of: file).flatMap(ChecksumCacheEntry.init(parsing:)),
           cached.stamp == stamp, cached.value.count == algorithm.byteCount {
            return cached.value
        }
        let value = try await checksumByReading(algorithm, partSize: partSize, of: object)
        // Cached only when the name still leads to this file, the file did not change meanwhile,
        // and its time is old enough that a write in the same clock tick cannot hide behind it.
        if let after = try? SystemCalls.status(of: file), ChecksumCacheEntry.Stamp(after) == stamp,
           stamp.isSettled(now: time(nil)),
           let named = try? SystemCalls.statAt(folder.descriptor, path.leaf),
           named.st_ino == before.st_ino, named.st_dev == before.st_dev {
            SystemCalls.setAttribute(name, to: ChecksumCacheEntry(stamp: stamp, value: value).text, of: file)
        }
        return value
    }
}

/// What `--verify checksum` keeps in a file's extended attribute: `v1 <size> <mtime seconds>
/// <mtime nanoseconds> <checksum in hex>`, valid while the file has that size and time.
struct ChecksumCacheEntry: Equatable {
    /// The facts of a file that must not have changed for a cached checksum to hold.
    struct Stamp: Equatable {
        var size: Int64
        var seconds: Int
        var nanoseconds: Int

        init(size: Int64, seconds: Int, nanoseconds: Int) {
            (self.size, self.seconds, self.nanoseconds) = (size, seconds, nanoseconds)
        }

        /// Whether the time is at least two seconds before `now`: a file written again within its
        /// time stamp's granularity (coarse on many file systems) would otherwise keep the stamp.
        func isSettled(now: time_t) -> Bool {
            seconds + 2 <= Int(now)
        }

        init(_ info: stat) {
            self.init(size: Int64(info.st_size), seconds: Int(info.st_mtim.tv_sec), nanoseconds: Int(info.st_mtim.tv_nsec))
        }
    }

    var stamp: Stamp
    var value: [UInt8]

    /// `user.s3clone.crc64nvme`, `user.s3clone.sha256`, ...; `user.s3clone.crc32.8388608` for a
    /// composite checksum in parts of 8 MiB.
    static func attributeName(_ algorithm: ChecksumAlgorithm, partSize: Int64? = nil) -> String {
        "user.s3clone." + algorithm.rawValue.lowercased() + (partSize.map { ".\($0)" } ?? "")
    }

    var text: String {
        "v1 \(stamp.size) \(stamp.seconds) \(stamp.nanoseconds) \(HexEncoding.encode(value))"
    }

    init(stamp: Stamp, value: [UInt8]) {
        self.stamp = stamp
        self.value = value
    }

    /// `nil` for anything but the exact form (an attribute written by another tool, or damaged).
    init?(parsing text: String) {
        let fields = text.split(separator: " ", omittingEmptySubsequences: false)
        guard fields.count == 5, fields[0] == "v1", let size = Int64(fields[1]), let seconds = Int(fields[2]),
              let nanoseconds = Int(fields[3]), fields[4].utf8.count % 2 == 0, fields[4].utf8.count <= 128 else { return nil }
        var value = [UInt8]()
        var digits = fields[4].utf8.makeIterator()
        while let high = digits.next(), let low = digits.next() {
            guard let h = HexEncoding.value(ofDigit: high), let l = HexEncoding.value(ofDigit: low) else { return nil }
            value.append(h << 4 | l)
        }
        self.init(stamp: Stamp(size: size, seconds: seconds, nanoseconds: nanoseconds), value: value)
    }
}

extension SystemCalls {
    /// The extended attribute `name` of `file` as text (`fgetxattr`); `nil` when it is missing,
    /// too long for a cache entry, or the file system has none.
    static func attribute(_ name: String, of file: FileDescriptor) -> String? {
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = buffer.withUnsafeMutableBytes { s3clone_get_attribute(file.rawValue, name, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        return String(validating: buffer[0..<count], as: UTF8.self)
    }

    /// Sets the extended attribute `name` of `file` (`fsetxattr`); failures (no user attributes
    /// on this file system, a read-only file, no permission) are ignored: it is only a cache.
    static func setAttribute(_ name: String, to text: String, of file: FileDescriptor) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { s3clone_set_attribute(file.rawValue, name, $0.baseAddress, $0.count) }
    }
}
