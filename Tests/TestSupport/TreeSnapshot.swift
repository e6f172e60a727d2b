import Foundation

/// Everything observable about a directory tree, without following links: for comparing trees
/// byte for byte and for checking that files were (or were not) touched.
public struct TreeSnapshot: Equatable, CustomStringConvertible {
    /// One entry of the tree.
    public struct Entry: Equatable {
        public enum Kind: Equatable { case file, directory, symlink(String), other }
        public var kind: Kind
        public var contents: [UInt8]?
        public var size: Int64
        public var modifiedSecond: Int
        public var inode: UInt64
    }

    /// Entries by path relative to the root (folders end in `/`).
    public var entries: [String: Entry]

    /// Reads the tree at `root`.
    public init(_ root: String) {
        entries = [:]
        Self.walk(root, "", into: &entries)
    }

    private static func walk(_ root: String, _ relative: String, into entries: inout [String: Entry]) {
        let folder = relative.isEmpty ? root : root + "/" + relative
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names {
            let path = relative.isEmpty ? name : relative + "/" + name
            let full = root + "/" + path
            var info = stat()
            guard lstat(full, &info) == 0 else { continue }
            let modified = Int(info.st_mtim.tv_sec)
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                entries[path + "/"] = Entry(kind: .directory, contents: nil, size: 0, modifiedSecond: 0, inode: UInt64(info.st_ino))
                walk(root, path, into: &entries)
            case S_IFREG:
                let bytes = FileManager.default.contents(atPath: full).map { Array($0) } ?? []
                entries[path] = Entry(kind: .file, contents: bytes, size: Int64(info.st_size), modifiedSecond: modified, inode: UInt64(info.st_ino))
            case S_IFLNK:
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: full)) ?? ""
                entries[path] = Entry(kind: .symlink(target), contents: nil, size: 0, modifiedSecond: 0, inode: UInt64(info.st_ino))
            default:
                entries[path] = Entry(kind: .other, contents: nil, size: 0, modifiedSecond: 0, inode: UInt64(info.st_ino))
            }
        }
    }

    /// Paths and contents only (what a copy must reproduce), for equality between two trees.
    public var contentsByPath: [String: [UInt8]?] {
        entries.mapValues { $0.kind == .directory ? nil : $0.contents }
    }

    /// Paths and whole-second modification times of files.
    public var modificationTimes: [String: Int] {
        entries.filter { $0.value.kind == .file }.mapValues(\.modifiedSecond)
    }

    /// Paths of files whose names look like s3clone's temporary files.
    public var temporaryFiles: [String] {
        entries.keys.filter { ($0.split(separator: "/").last ?? "").hasPrefix(".s3clone-") && $0.hasSuffix(".tmp") }.sorted()
    }

    public var description: String {
        entries.keys.sorted().joined(separator: "\n")
    }
}
