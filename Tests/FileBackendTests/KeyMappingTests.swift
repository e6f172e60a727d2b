import FileBackend
import Foundation
import ObjectStore
import Testing
import TestSupport

@Suite("FileStore key mapping")
struct KeyMappingTests {
    @Test("unsafe keys are refused with invalidKey and create nothing", arguments: [
        "", "../x", "a/../../x", "..", ".", "./a", "a/./b", "a/..", "/abs", "//double", "a//b",
        "nul\u{0}x", "../", "/", String(repeating: "x", count: 256), "d/" + String(repeating: "y", count: 256) + "/f",
        String(repeating: "\u{e9}", count: 128), ".s3clone-123-abc.tmp", "dir/.s3clone-9-ff.tmp",
    ])
    func refusesUnsafeKeys(_ key: String) async throws {
        let sandbox = TemporaryDirectory("keys")
        let store = makeStore(sandbox.path)
        #expect(await code { try await put(store, key, [1, 2, 3]) } == .invalidKey)
        #expect(await code { _ = try await store.stat(ObjectKey(key)) } == .invalidKey)
        let left = TreeSnapshot(sandbox.path).entries.keys.filter { $0 != "root/" }
        #expect(left.isEmpty, "unexpected entries: \(left)")
    }

    @Test("each unsafe key is refused for its first fault, named in the message", arguments: [
        ("", "empty key"),
        ("a/../nul\u{0}", "contains a NUL byte"),
        ("/", "a directory marker for the root"),
        ("//", "absolute path"),
        ("/a/../b", "absolute path"),
        ("a//b", "empty path segment"),
        ("a/b//", "empty path segment"),
        ("./a", "'.' path segment"),
        ("a/./", "'.' path segment"),
        ("a/..", "'..' path segment"),
        ("../" + String(repeating: "x", count: 256), "'..' path segment"),
        (String(repeating: "x", count: 256) + "/..", "path segment longer than 255 bytes"),
        ("d/" + String(repeating: "\u{e9}", count: 128) + "/", "path segment longer than 255 bytes"),
        ("a/.s3clone-42-1f.tmp/b", "name reserved for s3clone's temporary files"),
        (".s3clone-42-1f.tmp/", "name reserved for s3clone's temporary files"),
    ])
    func refusalNamesTheFault(_ key: String, _ why: String) async throws {
        let store = makeStore(TemporaryDirectory("key-faults").path)
        do {
            _ = try await store.stat(ObjectKey(key))
            Issue.record("\(key.debugDescription) was accepted")
        } catch let error as ObjectStoreError {
            #expect(error.code == .invalidKey)
            #expect(error.message == "unsafe key: " + why)
            #expect(error.key == ObjectKey(key))
        }
    }

    @Test("a missing folder is remembered down to the key's own folder, and forgotten once the store makes it")
    func missingFoldersAreRememberedUntilMade() async throws {
        let sandbox = TemporaryDirectory("missing-folders")
        let store = makeStore(sandbox.path)
        try await put(store, "top.txt", [1])
        #expect(try await store.stat("x/y/z/one") == nil)
        #expect(try await store.stat("x/y/z/two") == nil)
        #expect(try await store.stat("x/y/other") == nil)
        try await put(store, "x/y/z/two", [2, 2])
        #expect(try await store.stat("x/y/z/two")?.size == 2)
        #expect(try await store.stat("x/y/z/one") == nil)
        try await put(store, "x/y/other", [3, 3, 3])
        #expect(try await store.stat("x/y/other")?.size == 3)
        try await put(store, "x/y/z/", [])
        #expect(try await store.stat("x/y/z/")?.size == 0)
        #expect(TreeSnapshot(sandbox.path).entries["root/x/y/z/two"]?.contents == [2, 2])
    }

    @Test("a missing root is remembered as missing for flat keys too, and forgotten once the store makes it")
    func missingRootIsRememberedUntilMade() async throws {
        let sandbox = TemporaryDirectory("missing-root")
        let store = makeStore(sandbox.path)
        #expect(try await store.stat("one") == nil)
        #expect(try await store.stat("two") == nil)
        // Made behind the store's back: the store still answers from what it found.
        try FileManager.default.createDirectory(atPath: sandbox.at("root"), withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: sandbox.at("root/two"), contents: Data([9])))
        #expect(try await store.stat("two") == nil, "the root is remembered as missing")
        try await put(store, "one", [1])
        #expect(try await store.stat("one")?.size == 1)
        #expect(try await store.stat("two")?.size == 1, "forgotten once the store opened the root itself")
    }

    @Test("names that are only unusual are stored under exactly their bytes", arguments: [
        "a b.txt", "a+b.txt", "100%.csv", "%2e%2e/x", "a%2Fb", "q?.txt", "h#frag.txt", "line\nbreak.txt",
        "tab\tkey", "back\\slash", "..\\..\\win.txt", " leading-space", "trailing-dot.", "CON",
        ".s3clone-partial-abc", "caf\u{e9}.txt", "cafe\u{301}.txt", "\u{1F600}.png", "bidi\u{202E}txt.exe",
        String(repeating: "x", count: 255), "...", ".hidden/..x", "a/.../b", ".s3clone-", "d/.s3clone-0-1.tmp",
        "d/.s3clone-1-1.tmp.x", "..a/b.", String(repeating: "\u{e9}", count: 127) + "/f",
    ])
    func storesUnusualNames(_ key: String) async throws {
        let sandbox = TemporaryDirectory("names")
        let store = makeStore(sandbox.path)
        try await put(store, key, Array(key.utf8))
        let onDisk = FileManager.default.contents(atPath: sandbox.path + "/root/" + key)
        #expect(onDisk.map(Array.init) == Array(key.utf8))
        #expect(try await store.stat(ObjectKey(key))?.size == Int64(key.utf8.count))
    }

    @Test("every hostile key of the fixture: rejected ones create nothing, the rest land inside the root")
    func hostileKeysFixture() async throws {
        let rows = HostileKey.all()
        #expect(rows.count > 50)
        let sandbox = TemporaryDirectory("hostile")
        // A symbolic link in the destination pointing outside it, as the fixture's last row expects.
        let outside = sandbox.at("outside")
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: sandbox.at("root"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: sandbox.at("root/dest-symlink"), withDestinationPath: outside)
        let store = makeStore(sandbox.path)
        var accepted: [String] = []
        for row in rows {
            let bytes = Array("contents of \(row.category)".utf8)
            let result = await code { try await put(store, row.key, row.key.hasSuffix("/") ? [] : bytes) }
            if row.mustReject {
                #expect(result == .invalidKey, "\(row) should be refused, got \(String(describing: result))")
            } else if row.category == "symlink" {
                #expect(result == .collision, "\(row): writing through a symlink must be refused")
            } else if row.category == "file-dir-collision" || row.category == "too-long" {
                #expect(result == .invalidKey || result == .collision || result == nil, "\(row): \(String(describing: result))")
                if result == nil { accepted.append(row.key) }
            } else {
                #expect(result == nil, "\(row) should be stored, got \(String(describing: result))")
                accepted.append(row.key)
            }
        }
        // Nothing outside root/ (except the untouched outside/ folder), and outside/ stays empty.
        let tree = TreeSnapshot(sandbox.path)
        let strays = tree.entries.keys.filter { !$0.hasPrefix("root/") && $0 != "outside/" }
        #expect(strays.isEmpty, "written outside the root: \(strays)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside).isEmpty)
        #expect(tree.temporaryFiles.isEmpty)
        for key in accepted where !key.hasSuffix("/") {
            #expect(FileManager.default.fileExists(atPath: sandbox.at("root/" + key)), "missing \(key.debugDescription)")
        }
    }
}
