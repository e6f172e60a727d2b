import CurlHTTP
import Foundation
import Logging
import ObjectStore
import S3Backend
import Testing
import TestSupport

/// Listing in lanes against moto: the union of the lanes is the single-chain listing exactly, for
/// nested, deep, flat and hostile keys, under a store prefix and a listing prefix; each lane is in
/// key order and announces only folders whose keys another lane lists.
@Suite("S3Store listing in lanes against moto")
struct S3StoreLaneTests {

    /// A bucket of every shape: top-level files beside folders of the same name, one big folder
    /// with many small ones in it, deep paths, folder markers, keys around `/` in byte order
    /// (`a-`, `a.`, `a0`), and the hostile keys (S3 stores any of them).
    static let keys: [String] = {
        var keys = ["a", "a-b", "a.txt", "a0", "b", "dir/", "dir/x", "z/", "zz"]
        for folder in 0..<40 { for file in 0..<(folder % 7 + 1) { keys.append("big/f\(folder)/k\(file)") } }
        for index in 0..<30 { keys.append("a/\(index)") }
        keys += ["deep/1/2/3/4/5/file", "deep/1/2/3/other", "deep/1/x", "big/f3", "big/f3.bin", "big/", "big/f10/"]
        keys += HostileKey.all().map(\.key).filter { !$0.isEmpty && $0.utf8.count < 1000 }
        return Array(Set(keys))
    }()

    /// A new bucket holding `keys`, and stores on it.
    func seeded(_ label: String, _ keys: [String]) async throws -> (String, MotoStores) {
        let stores = try await MotoStores()
        let bucket = "\(label)-\(UUID().uuidString.prefix(8).lowercased())"
        try await stores.moto.seed(bucket: bucket, keys: keys.map { ($0, Array($0.utf8.prefix(3))) }, skipRejected: true)
        return (bucket, stores)
    }

    /// Every page of a laned listing, checked per lane as it comes.
    func lanes(_ store: S3Store, prefix: String, lanes: Int) async throws -> (keys: [ObjectKey], laneCount: Int) {
        var keys: [ObjectKey] = []
        var lastByLane: [Int: ObjectKey] = [:]
        var ended = Set<Int>()
        for try await page in store.listInLanes(prefix: prefix, lanes: lanes) {
            #expect(!ended.contains(page.lane), "lane \(page.lane) has a page after its end")
            for object in page.objects {
                if let last = lastByLane[page.lane] { #expect(last < object.key, "lane \(page.lane) out of order at \(object.key)") }
                lastByLane[page.lane] = object.key
                keys.append(object.key)
            }
            if page.endsLane { ended.insert(page.lane) }
        }
        #expect(ended == Set(lastByLane.keys).union(ended), "every lane ended")
        return (keys, ended.count)
    }

    @Test("the lanes together are the single-chain listing, no key twice, none missing", arguments: [2, 4, 16])
    func unionIsTheListing(lanes: Int) async throws {
        let (bucket, stores) = try await seeded("lanes", Self.keys)
        let single = try await stores.store(bucket).listAll().map(\.key)
        #expect(single.count > 200)
        for prefix in ["", "big", "big/", "a", "deep/1/"] {
            let expected = single.filter { $0.rawValue.hasBytePrefix(prefix) }
            let (keys, laneCount) = try await self.lanes(try stores.store(bucket), prefix: prefix, lanes: lanes)
            #expect(keys.count == expected.count, "prefix '\(prefix)'")
            #expect(Set(keys) == Set(expected), "prefix '\(prefix)'")
            if prefix.isEmpty { #expect(laneCount > 2, "\(laneCount) lanes") }
        }
        // A store rooted at a prefix lists keys relative to it.
        let rooted = try await stores.store(bucket, prefix: "big/").listAll().map(\.key)
        let (rootedKeys, _) = try await self.lanes(try stores.store(bucket, prefix: "big/"), prefix: "", lanes: lanes)
        #expect(Set(rootedKeys) == Set(rooted) && rootedKeys.count == rooted.count)
    }

    /// Flat key spaces of three shapes: a counter, hexadecimal names, dated names.
    static let flatKeySpaces: [[String]] = {
        let counter: [String] = (0..<400).map { String(format: "k%05d", $0) }
        let hexadecimal: [String] = (0..<300).map { (index: Int) -> String in
            String(format: "%08x", UInt32(truncatingIfNeeded: index &* 2_654_435_761))
        }
        let dated: [String] = (0..<300).map { (index: Int) -> String in
            String(format: "2024-%02d-%02d-%02d-ABC", index / 60 + 1, index % 28 + 1, index % 24)
        }
        return [counter, hexadecimal, dated]
    }()

    @Test("a flat key space is split between listers: counters, hexadecimal names, dated names",
          arguments: flatKeySpaces)
    func flatKeySpace(keys: [String]) async throws {
        let (bucket, stores) = try await seeded("flat", keys)
        let (listed, laneCount) = try await lanes(try stores.store(bucket, pageSize: 10), prefix: "", lanes: 8)
        #expect(listed.count == Set(keys).count)
        #expect(Set(listed.map(\.rawValue)) == Set(keys))
        #expect(laneCount >= 4, "\(laneCount) lanes")
    }

    @Test("split lanes over hostile keys and prefixes are still the whole listing", arguments: [1, 3])
    func splitHostile(pageSize: Int) async throws {
        let (bucket, stores) = try await seeded("split", Self.keys)
        let single = try await stores.store(bucket).listAll().map(\.key)
        for prefix in ["", "a", "big/"] {
            let expected = single.filter { $0.rawValue.hasBytePrefix(prefix) }
            let (keys, _) = try await lanes(try stores.store(bucket, pageSize: pageSize), prefix: prefix, lanes: 8)
            #expect(keys.count == expected.count, "prefix '\(prefix)'")
            #expect(Set(keys) == Set(expected), "prefix '\(prefix)'")
        }
    }

    @Test("a key whose folder is split from it (k, k-..., k/...) has the folder announced in its lane")
    func folderAcrossASplit() async throws {
        let keys = ["k"] + (0..<200).map { String(format: "k-%03d", $0) } + ["k/x", "k/y", "m", "m-1"]
        let (bucket, stores) = try await seeded("straddle", keys)
        var laneOfK: Int?
        var laneEvidence: [Int: Set<String>] = [:]
        var listed: [String] = []
        for try await page in try stores.store(bucket, pageSize: 4).listInLanes(prefix: "", lanes: 8) {
            if page.objects.contains(where: { $0.key == "k" }) { laneOfK = page.lane }
            laneEvidence[page.lane, default: []].formUnion(page.folders.map(\.rawValue))
            for object in page.objects where object.key.rawValue.hasBytePrefix("k/") { laneEvidence[page.lane, default: []].insert("k/") }
            listed += page.objects.map(\.key.rawValue)
        }
        #expect(listed.sorted() == keys.sorted())
        let lane = try #require(laneOfK)
        #expect(laneEvidence[lane]?.contains("k") == true || laneEvidence[lane]?.contains("k/") == true,
                "the lane of k sees its folder: \(laneEvidence[lane] ?? [])")
        #expect(laneEvidence.count >= 3, "the names were split: \(laneEvidence.count) lanes")
    }

    @Test("a folder of a top-level file's name is announced in the file's lane")
    func announcements() async throws {
        let (bucket, stores) = try await seeded("announce", ["a", "a/b", "c", "d/e"])
        var folders: [ObjectKey] = []
        var lanesOfA: Set<Int> = []
        var lanesAnnouncing: Set<Int> = []
        var lanesOfB: Set<Int> = []
        for try await page in try stores.store(bucket).listInLanes(prefix: "", lanes: 4) {
            folders += page.folders
            if page.objects.contains(where: { $0.key == "a" }) { lanesOfA.insert(page.lane) }
            if page.objects.contains(where: { $0.key == "a/b" }) { lanesOfB.insert(page.lane) }
            if !page.folders.isEmpty { lanesAnnouncing.insert(page.lane) }
        }
        #expect(folders == ["a", "d"])
        #expect(lanesAnnouncing == lanesOfA && lanesOfA.count == 1)
        #expect(lanesOfB.count == 1 && lanesOfB != lanesOfA, "a/b is listed by another lane")
    }
}
