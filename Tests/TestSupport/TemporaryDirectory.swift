import Foundation

/// A fresh directory for one test, removed when the value is released.
public final class TemporaryDirectory: @unchecked Sendable {
    /// Its absolute path.
    public let path: String

    /// - Parameter base: the folder to make it in; by default tmpfs when there is a roomy one,
    ///   else the system's temporary directory.
    public init(base: String? = nil, _ label: String = "test") {
        let base = base ?? Self.base
        path = base + "/s3clone-\(label)-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// The system's temporary directory (`TMPDIR`, else `/tmp`).
    public static var systemBase: String { FileManager.default.temporaryDirectory.path }

    /// tmpfs when there is a roomy one (fast and steady), else the system's temporary directory.
    static let base: String = {
        var info = statvfs()
        if statvfs("/dev/shm", &info) == 0, UInt64(info.f_bavail) * UInt64(info.f_frsize) > 2 << 30,
           access("/dev/shm", W_OK) == 0 {
            return "/dev/shm"
        }
        return FileManager.default.temporaryDirectory.path
    }()

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// `path/relative`.
    public func at(_ relative: String) -> String { path + "/" + relative }

    /// Writes a file (and its folders) under the directory.
    @discardableResult
    public func write(_ relative: String, _ bytes: [UInt8], modified: Date? = nil) -> String {
        let full = at(relative)
        try! FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        precondition(FileManager.default.createFile(atPath: full, contents: Data(bytes)), "cannot write \(full)")
        if let modified {
            try! FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: full)
        }
        return full
    }

    /// Writes `count` files of seeded random bytes (`sizes`, uniform) as
    /// `root/d<index % folders>/f<index>`.
    public func writeSeededFiles(under root: String, count: Int, folders: Int, sizes: Range<Int>, random: inout SeededBytes) {
        for index in 0..<count {
            write("\(root)/d\(index % folders)/f\(index)", random.bytes(sizes.lowerBound + Int(random.next() % UInt64(sizes.count))))
        }
    }

    @discardableResult
    public func write(_ relative: String, _ text: String, modified: Date? = nil) -> String {
        write(relative, Array(text.utf8), modified: modified)
    }
}

/// Deterministic pseudo-random bytes (SplitMix64), so generated trees are the same every run.
public struct SeededBytes {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func bytes(_ count: Int) -> [UInt8] {
        var result = [UInt8]()
        result.reserveCapacity(count + 8)
        while result.count < count {
            withUnsafeBytes(of: next()) { result.append(contentsOf: $0) }
        }
        return Array(result.prefix(count))
    }
}
