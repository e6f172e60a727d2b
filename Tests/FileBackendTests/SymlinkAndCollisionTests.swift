import FileBackend
import Foundation
import ObjectStore
import Testing
import TestSupport

@Suite("FileStore: symbolic links and collisions")
struct SymlinkAndCollisionTests {
    @Test("a symbolic link to a folder outside is never written through")
    func folderLinkIsNotFollowed() async throws {
        let sandbox = TemporaryDirectory("link")
        try FileManager.default.createDirectory(atPath: sandbox.at("outside"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: sandbox.at("root"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: sandbox.at("root/link"), withDestinationPath: sandbox.at("outside"))
        let store = makeStore(sandbox.path)
        #expect(await code { try await put(store, "link/x", [1]) } == .collision)
        #expect(await code { try await put(store, "link/deeper/x", [1]) } == .collision)
        #expect(await code { _ = try await store.stat("link/x") } == .collision)
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.at("outside")).isEmpty)
    }

    @Test("a symbolic link to a file outside is reported by stat and its target never changes")
    func fileLinkIsNotWrittenThrough() async throws {
        let sandbox = TemporaryDirectory("filelink")
        sandbox.write("outside/secret", "keep me")
        try FileManager.default.createDirectory(atPath: sandbox.at("root"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: sandbox.at("root/f"), withDestinationPath: sandbox.at("outside/secret"))
        let store = makeStore(sandbox.path)
        #expect(await code { _ = try await store.stat("f") } == .collision)
        // Without replace, the commit refuses; the link and its target stay.
        #expect(await code { try await put(store, "f", Array("evil".utf8)) } == .alreadyExists)
        #expect(try String(contentsOfFile: sandbox.at("outside/secret"), encoding: .utf8) == "keep me")
        // With replace, the link itself is replaced (rename does not follow links); the target stays.
        try await put(store, "f", Array("new".utf8), replace: true)
        #expect(try String(contentsOfFile: sandbox.at("outside/secret"), encoding: .utf8) == "keep me")
        #expect(try String(contentsOfFile: sandbox.at("root/f"), encoding: .utf8) == "new")
    }

    @Test("a file where a folder is needed, and a folder where a file goes, are collisions")
    func fileFolderCollisions() async throws {
        let sandbox = TemporaryDirectory("collide")
        let store = makeStore(sandbox.path)
        try await put(store, "a", [1])
        #expect(await code { try await put(store, "a/b", [2]) } == .collision)
        #expect(await code { _ = try await store.stat("a/b") } == .collision)
        #expect(await code { try await put(store, "a/", []) } == .collision)
        try await put(store, "d/inner", [3])
        #expect(await code { try await put(store, "d", [4]) } == .collision)
        #expect(await code { try await put(store, "d", [4], replace: true) } == .collision)
        #expect(await code { _ = try await store.stat("d") } == .collision)
        #expect(try await store.stat("d/")?.size == 0)
        #expect(TreeSnapshot(sandbox.path).temporaryFiles.isEmpty)
    }

    @Test("a directory marker makes a folder; with bytes it is refused")
    func directoryMarkers() async throws {
        let sandbox = TemporaryDirectory("marker")
        let store = makeStore(sandbox.path)
        try await put(store, "x/y/", [])
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: sandbox.at("root/x/y"), isDirectory: &isDirectory) && isDirectory.boolValue)
        let marker = ObjectInfo(key: "m/", size: 3)
        #expect(await code { _ = try await store.create(marker, options: CreateOptions()) } == .invalidKey)
        #expect(!FileManager.default.fileExists(atPath: sandbox.at("root/m")))
    }

    @Test("a commit with fewer bytes than declared is refused as corrupt and leaves nothing")
    func shortWriteIsCorrupt() async throws {
        let sandbox = TemporaryDirectory("short")
        let store = makeStore(sandbox.path)
        let pending = try await store.create(ObjectInfo(key: "f", size: 10), options: CreateOptions())
        try [UInt8](repeating: 7, count: 4).withUnsafeBytes { try pending.write($0, at: 0) }
        #expect(await code { try await pending.commit() } == .corrupt)
        #expect(try await store.stat("f") == nil)
        #expect(TreeSnapshot(sandbox.path).temporaryFiles.isEmpty)
    }

    @Test("a pending write dropped without commit or abort removes its temporary file")
    func droppedPendingLeavesNothing() async throws {
        let sandbox = TemporaryDirectory("drop")
        let store = makeStore(sandbox.path)
        do {
            let pending = try await store.create(ObjectInfo(key: "dir/f", size: 3), options: CreateOptions())
            try [UInt8]([1, 2, 3]).withUnsafeBytes { try pending.write($0, at: 0) }
            #expect(TreeSnapshot(sandbox.path).temporaryFiles.count == 1)
        }
        #expect(TreeSnapshot(sandbox.path).temporaryFiles.isEmpty)
        #expect(try await store.stat("dir/f") == nil)
    }

    @Test("the destination root is checked up front: a file there is an invalid argument")
    func prepareForWriting() throws {
        let sandbox = TemporaryDirectory("prepare")
        let fresh = FileStore(root: sandbox.at("new/deep/root"), logger: .init(label: "t"))
        try fresh.prepareForWriting()
        #expect(FileManager.default.fileExists(atPath: sandbox.at("new/deep/root")))
        #expect(TreeSnapshot(sandbox.path).temporaryFiles.isEmpty)
        sandbox.write("plain", "x")
        let onFile = FileStore(root: sandbox.at("plain"), logger: .init(label: "t"))
        #expect(throws: ObjectStoreError.self) { try onFile.prepareForWriting() }
        do { try onFile.prepareForWriting() } catch let error as ObjectStoreError { #expect(error.code == .invalidArgument) }
    }

    @Test("overlap detection resolves links and missing tails")
    func overlap() throws {
        let sandbox = TemporaryDirectory("overlap")
        try FileManager.default.createDirectory(atPath: sandbox.at("src/sub"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: sandbox.at("alias"), withDestinationPath: sandbox.at("src"))
        let source = FileStore(root: sandbox.at("src"), logger: .init(label: "t"))
        func store(_ relative: String) -> FileStore { FileStore(root: sandbox.at(relative), logger: .init(label: "t")) }
        #expect(store("src").isSameOrInside(source))
        #expect(store("src/sub").isSameOrInside(source))
        #expect(store("alias/new/dir").isSameOrInside(source))
        #expect(store("src/../src/x").isSameOrInside(source))
        #expect(!store("srcx").isSameOrInside(source))
        #expect(!store("other").isSameOrInside(source))
    }
}
