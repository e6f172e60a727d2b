@testable import FileBackend
import Foundation
import ObjectStore
import Testing

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
}
