@testable import FileBackend
import Foundation
import ObjectStore
import Testing
import TestSupport

@Suite("FileDescriptor and the system call wrappers")
struct FileDescriptorTests {
    /// Whether `number` is an open descriptor of this process for the file with inode `inode`
    /// (other tests running meanwhile may reuse a number that was closed).
    static func isOpen(_ number: Int32, inode: UInt) -> Bool {
        var info = stat()
        return fstat(number, &info) == 0 && UInt(info.st_ino) == inode
    }

    @Test("the owner closes its descriptor when it goes away")
    func closesOnDeinit() throws {
        var file: FileDescriptor? = try SystemCalls.open("/", O_RDONLY | O_DIRECTORY)
        let number = file!.rawValue
        let inode = UInt(try SystemCalls.status(of: file!).st_ino)
        #expect(Self.isOpen(number, inode: inode))
        file = nil
        #expect(!Self.isOpen(number, inode: inode))
    }

    @Test("closing twice reports EBADF; a given-away descriptor is left open")
    func explicitClose() throws {
        let file = try SystemCalls.open("/", O_RDONLY | O_DIRECTORY)
        try file.close()
        #expect(!file.isOpen)
        #expect(throws: Errno(rawValue: EBADF)) { try file.close() }

        var lent: FileDescriptor? = try SystemCalls.open("/", O_RDONLY | O_DIRECTORY)
        let number = lent!.rawValue
        let inode = UInt(try SystemCalls.status(of: lent!).st_ino)
        lent!.giveAway()
        lent = nil
        #expect(Self.isOpen(number, inode: inode))
        #expect(Foundation.close(number) == 0)
    }

    @Test("a directory stream owns its folder's descriptor and lists its names")
    func directoryStream() throws {
        let stream = try DirectoryStream(SystemCalls.open("/", O_RDONLY | O_DIRECTORY))
        var names: [String] = []
        while let name = try stream.nextEntry({ String(decoding: $0, as: UTF8.self) }) { names.append(name) }
        #expect(names.contains("."))
        #expect(names.contains(".."))
        #expect(stream.folder.isOpen == false)  // closed by the stream, not by its old owner
    }

    @Test("failures come back as the errno, mapped by the store's rules")
    func failuresAreValues() {
        #expect(throws: Errno(rawValue: ENOENT)) { try SystemCalls.open("/no/such/path/for/s3clone", O_RDONLY) }
        #expect(Errno(rawValue: ENOSPC).storeError("write").code == .noSpace)
        #expect(Errno(rawValue: EACCES).storeError("open").code == .accessDenied)
    }

    /// The file system type /proc/mounts gives for `path` (the longest mount point above it).
    static func mountType(of path: String) -> String? {
        guard let mounts = try? String(contentsOfFile: "/proc/mounts", encoding: .utf8) else { return nil }
        var best: (point: String, type: String)?
        for line in mounts.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count > 2 else { continue }
            let point = String(fields[1])
            let inside = point == "/" || path == point || path.hasPrefix(point + "/")
            if inside, point.count > (best?.point.count ?? -1) { best = (point, String(fields[2])) }
        }
        return best?.type
    }

    @Test("space is reserved up front except where files live in memory (tmpfs, ramfs)")
    func reservesOnlyWhereCheap() async throws {
        var paths = [TemporaryDirectory(base: TemporaryDirectory.systemBase, "reserve")]
        if Self.mountType(of: "/dev/shm") == "tmpfs" { paths.append(TemporaryDirectory(base: "/dev/shm", "reserve")) }
        for directory in paths {
            let inMemory = ["tmpfs", "ramfs"].contains(Self.mountType(of: directory.path) ?? "")
            let folder = try SystemCalls.open(directory.path, O_RDONLY | O_DIRECTORY)
            #expect(SystemCalls.reservesCheaply(folder) == !inMemory)
            // Through the store: a 4 MiB object's pending file holds blocks before any byte only
            // where reserving is cheap.
            let store = makeStore(directory.path)
            let pending = try await store.create(ObjectInfo(key: "big", size: 4 << 20), options: CreateOptions())
            let temporary = try #require(TreeSnapshot(directory.path).temporaryFiles.first)
            var info = stat()
            #expect(stat(directory.path + "/" + temporary, &info) == 0)
            #expect((Int(info.st_blocks) * 512 >= 4 << 20) == !inMemory)
            await pending.abort()
        }
    }
}
