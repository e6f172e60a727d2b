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

    @Test("names that are only unusual are stored under exactly their bytes", arguments: [
        "a b.txt", "a+b.txt", "100%.csv", "%2e%2e/x", "a%2Fb", "q?.txt", "h#frag.txt", "line\nbreak.txt",
        "tab\tkey", "back\\slash", "..\\..\\win.txt", " leading-space", "trailing-dot.", "CON",
        ".s3clone-partial-abc", "caf\u{e9}.txt", "cafe\u{301}.txt", "\u{1F600}.png", "bidi\u{202E}txt.exe",
        String(repeating: "x", count: 255), "...", ".hidden/..x",
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
