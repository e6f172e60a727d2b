import ObjectStore
import Testing
@testable import Transfer

/// The clash filter against a plain definition: a key clashes when another key of the listing
/// starts with it and a `/`, unless it is a directory marker itself (a listing that leaves key
/// order part way may miss the clashes its break splits). Every key of a small alphabet
/// (`a`, `b`, `-`, `/`, `0`: the bytes around `/` in sort order) up to three bytes long, in several
/// selections, orders and page sizes.
@Suite("FolderClashFilter")
struct FolderClashFilterTests {
    static let universe: [ObjectKey] = {
        let alphabet = ["a", "b", "-", "/", "0"]
        var keys: [String] = []
        var longest = [""]
        for _ in 1...3 {
            longest = longest.flatMap { key in alphabet.map { key + $0 } }
            keys += longest
        }
        return keys.map { ObjectKey($0) }.sorted()
    }()

    /// Deterministic selections of the universe: all of it, and two sparse ones.
    static let selections: [(name: String, keep: @Sendable (Int) -> Bool)] = [
        ("all", { _ in true }),
        ("5 of 7", { $0 * 5 % 7 < 5 }),
        ("3 of 11", { $0 * 3 % 11 < 3 }),
    ]

    /// Listing orders: ascending (as S3 lists), descending, and the even places ascending followed
    /// by the odd ones descending.
    static func orders(_ keys: [ObjectKey]) -> [(name: String, keys: [ObjectKey])] {
        let evens = keys.indices.filter { $0 % 2 == 0 }.map { keys[$0] }
        let odds = keys.indices.filter { $0 % 2 == 1 }.map { keys[$0] }
        return [("ascending", keys), ("descending", keys.reversed()), ("interleaved", evens + odds.reversed())]
    }

    static func expectedClashes(_ keys: [ObjectKey]) -> Set<ObjectKey> {
        Set(keys.filter { key in
            !key.isDirectoryMarker && keys.contains { $0.rawValue.hasBytePrefix(key.rawValue + "/") }
        })
    }

    @Test(arguments: [1, 2, 3, 5, 1000])
    func matchesTheDefinition(pageSize: Int) {
        #expect(Self.universe.count == 155)
        for selection in Self.selections {
            let selected = Self.universe.enumerated().filter { selection.keep($0.offset) }.map(\.element)
            let expected = Self.expectedClashes(selected)
            #expect(!expected.isEmpty)
            for order in Self.orders(selected) {
                var filter = FolderClashFilter(isActive: true)
                var ready: [ObjectKey] = []
                var clashing: [ObjectKey] = []
                for start in stride(from: 0, to: order.keys.count, by: pageSize) {
                    let page = order.keys[start..<min(start + pageSize, order.keys.count)].map { ObjectInfo(key: $0, size: 1) }
                    let release = filter.admit(page)
                    ready += release.ready.map(\.key)
                    clashing += release.clashing.map(\.key)
                }
                let last = filter.finish()
                ready += last.ready.map(\.key)
                clashing += last.clashing.map(\.key)
                let context = Comment(rawValue: "\(selection.name), \(order.name), pages of \(pageSize)")
                #expect(Set(clashing).isSubset(of: expected), context)
                #expect(clashing.count == Set(clashing).count, context)
                // Only a listing that leaves key order can miss a clash, and only one the break
                // splits: the key on one side of it, every key of its folder on the other (they
                // then meet at the destination, where the second fails as a collision).
                let position = Dictionary(uniqueKeysWithValues: order.keys.enumerated().map { ($1, $0) })
                let orderBreak = order.keys.indices.dropFirst().first { !(order.keys[$0 - 1] < order.keys[$0]) } ?? order.keys.count
                for missed in expected.subtracting(clashing) {
                    let keyBeforeBreak = position[missed]! < orderBreak
                    let inside = selected.filter { $0.rawValue.hasBytePrefix(missed.rawValue + "/") }
                    #expect(inside.allSatisfy { (position[$0]! < orderBreak) != keyBeforeBreak }, context)
                }
                if order.name != "interleaved" { #expect(Set(clashing) == expected, context) }
                #expect(ready.count + clashing.count == selected.count, context)
                #expect(Set(ready).union(clashing) == Set(selected), context)
            }
        }
    }

    @Test("in key order a key is released once a key past its folder's range arrives")
    func releasesEarlyInKeyOrder() {
        var filter = FolderClashFilter(isActive: true)
        let first = filter.admit(["a", "a-1", "a.txt", "a/x/y"].map { ObjectInfo(key: $0, size: 1) })
        #expect(first.ready.map(\.key) == ["a-1", "a.txt"])
        #expect(first.clashing.map(\.key) == ["a"])
        let second = filter.admit(["a0", "b"].map { ObjectInfo(key: $0, size: 1) })
        #expect(second.ready.map(\.key) == ["a/x/y", "a0"])
        #expect(second.clashing.isEmpty)
        #expect(filter.finish().ready.map(\.key) == ["b"])
    }

    @Test("in key order the filter remembers only the folders of the last key, however many folders the listing has")
    func memoryInKeyOrderIsTheDepth() {
        var filter = FolderClashFilter(isActive: true)
        var clashing: [ObjectKey] = []
        for page in 0..<200 {
            // 50 folders per page, each with a file of its own name just before it: all clash.
            let keys = (0..<50).flatMap { folder -> [ObjectKey] in
                let name = String(format: "p%03d/f%02d", page, folder)
                return [ObjectKey(name), ObjectKey(name + "/deep/x"), ObjectKey(name + "/y")]
            }
            clashing += filter.admit(keys.map { ObjectInfo(key: $0, size: 1) }).clashing.map(\.key)
            #expect(filter.rememberedFolders <= 3, "page \(page): \(filter.rememberedFolders) folders remembered")
            #expect(filter.heldCount <= 3)
        }
        clashing += filter.finish().clashing.map(\.key)
        #expect(clashing.count == 200 * 50)
        #expect(Set(clashing).count == clashing.count)
        #expect(clashing.allSatisfy { $0.segments.count == 2 })
    }

    /// Splits keys as a lister by folders would: lane 0 holds the keys without a `/` and announces
    /// each first folder; every first folder's keys are a lane of their own.
    static func lanes(_ keys: [ObjectKey]) -> [(objects: [ObjectKey], folders: [ObjectKey])] {
        var top: [ObjectKey] = []
        var byFolder: [String: [ObjectKey]] = [:]
        for key in keys {
            if let slash = key.rawValue.utf8.firstIndex(of: UInt8(ascii: "/")) {
                byFolder[String(key.rawValue[..<slash]), default: []].append(key)
            } else {
                top.append(key)
            }
        }
        let folders = byFolder.keys.map { ObjectKey($0) }.sorted()
        return [(top, folders)] + folders.map { (byFolder[$0.rawValue]!, []) }
    }

    @Test("lanes read side by side are checked apart and find exactly the clashes; a folder announced in a lane catches a file of its name",
          arguments: [1, 2, 7])
    func lanesMatchTheDefinition(pageSize: Int) {
        for selection in Self.selections {
            let selected = Self.universe.enumerated().filter { selection.keep($0.offset) }.map(\.element)
            let expected = Self.expectedClashes(selected)
            // Pages of every lane, interleaved round robin, each lane's last page marked.
            var pages: [[ListingPage]] = []
            for (lane, (objects, folders)) in Self.lanes(selected).enumerated() {
                var lanePages: [ListingPage] = []
                for start in stride(from: 0, to: max(objects.count, 1), by: pageSize) {
                    let slice = objects[min(start, objects.count)..<min(start + pageSize, objects.count)]
                    let announced = folders.filter { folder in
                        (start == 0 || objects[start - 1] < ObjectKey(folder.rawValue + "/"))
                            && (start + pageSize >= objects.count || ObjectKey(folder.rawValue + "/") < objects[start + pageSize])
                    }
                    lanePages.append(ListingPage(lane: lane, objects: slice.map { ObjectInfo(key: $0, size: 1) }, folders: announced))
                }
                lanePages[lanePages.count - 1].endsLane = true
                pages.append(lanePages)
            }
            var filter = FolderClashFilter(isActive: true)
            var ready: [ObjectKey] = []
            var clashing: [ObjectKey] = []
            var round = 0
            var highestHeld = 0
            while pages.contains(where: { round < $0.count }) {
                for lanePages in pages where round < lanePages.count {
                    let release = filter.admit(lanePages[round])
                    ready += release.ready.map(\.key)
                    clashing += release.clashing.map(\.key)
                    highestHeld = max(highestHeld, filter.heldCount)
                }
                round += 1
            }
            #expect(filter.openLanes == 0, "every lane ended")
            let last = filter.finish()
            #expect(last.ready.isEmpty && last.clashing.isEmpty)
            let context = Comment(rawValue: "\(selection.name), pages of \(pageSize)")
            #expect(Set(clashing) == expected, context)
            #expect(clashing.count == expected.count, context)
            #expect(Set(ready).union(clashing) == Set(selected) && ready.count + clashing.count == selected.count, context)
        }
    }
}
