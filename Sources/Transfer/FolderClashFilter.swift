import ObjectStore

/// Finds, while a listing streams in, the source keys that are also folders of other keys (`a`
/// beside `a/b`, `dir` beside `dir/`): a hierarchical destination can hold only one of the two, so
/// the folder's contents are copied and the file is reported.
///
/// An object is released once nothing later in the listing can clash with it. When the listing has
/// come in ascending key order so far (S3 lists in UTF-8 byte order), the keys that would clash with
/// `k` lie in `["k/", "k0")`, so `k` is settled as soon as a key at or past `k0` arrives: in practice
/// only the last keys of a page wait for the next page, and only the folders of the last key are
/// remembered (memory bounded by the depth of a key, not by the bucket). Once the order is broken,
/// everything still unsettled waits for the end of the listing, checked against the folders seen
/// since the break. A clash split by the break is not found here: a key released before it whose
/// folder's keys come only after it, or a key after it whose folder's keys all came before; the
/// two then meet at the destination, where the second fails as a `collision` and nothing is
/// replaced.
struct FolderClashFilter {
    /// Objects to copy now, and objects that clash with a folder.
    struct Release {
        var ready: [ObjectInfo] = []
        var clashing: [ObjectInfo] = []
    }

    /// Whether clashes can happen at all: the destination is hierarchical and the source is not.
    let isActive: Bool
    /// In key order: the folders the last key lies in, outermost first (bounded by its depth).
    private var openFolders: [ObjectKey] = []
    /// Once out of key order: every folder seen since.
    private var folders = Set<ObjectKey>()
    /// Objects not released yet, in listing order (so in key order while ``inKeyOrder``).
    private var held: [Held] = []
    private var lastKey: ObjectKey?
    /// The folder recorded last: consecutive keys mostly share it, and comparing bytes is cheaper
    /// than making a key to look up (or walking the open folders).
    private var lastFolder: ObjectKey?
    private var inKeyOrder = true

    /// Objects taken in but not released yet (not attempted, if the run stops now).
    var heldCount: Int { held.count }
    /// How many folder names the filter holds now (its memory, besides the held objects).
    var rememberedFolders: Int { openFolders.count + folders.count }

    init(isActive: Bool) {
        self.isActive = isActive
    }

    /// Takes the next page of the listing.
    mutating func admit(_ page: [ObjectInfo]) -> Release {
        guard isActive else { return Release(ready: page) }
        var release = Release()
        for object in page {
            if inKeyOrder, let lastKey, !(lastKey < object.key) {
                inKeyOrder = false
                openFolders = []
                lastFolder = nil
            }
            lastKey = object.key
            addFolders(of: object.key)
            if object.key.isDirectoryMarker {
                release.ready.append(object)
            } else if !inKeyOrder, folders.contains(object.key) {
                // In key order no earlier key can lie inside this one; the check on release finds
                // the later ones.
                release.clashing.append(object)
            } else {
                held.append(Held(object: object))
            }
        }
        guard inKeyOrder, let lastKey else { return release }
        var stillHeld: [Held] = []
        for entry in held {
            if entry.clashes {
                release.clashing.append(entry.object)
            } else if Self.isPastFolderRange(of: entry.object.key, watermark: lastKey) {
                release.ready.append(entry.object)
            } else {
                stillHeld.append(entry)
            }
        }
        held = stillHeld
        return release
    }

    /// The listing is complete: releases everything still held.
    mutating func finish() -> Release {
        var release = Release()
        for entry in held {
            if entry.clashes || folders.contains(entry.object.key) {
                release.clashing.append(entry.object)
            } else {
                release.ready.append(entry.object)
            }
        }
        held = []
        return release
    }

    /// The error a clashing object is reported with.
    static func clashError(_ object: ObjectInfo) -> ObjectStoreError {
        ObjectStoreError(
            .collision, "the source has both a file and a folder named '\(object.key.displayName)'; the folder's contents are copied, this file is not",
            key: object.key)
    }

    /// Whether `watermark` sorts at or after `key` + `0` (the byte after `/`), that is, past every
    /// key of `key`'s folder (`key/...`), compared byte-wise without making that key.
    static func isPastFolderRange(of key: ObjectKey, watermark: ObjectKey) -> Bool {
        var watermarkBytes = watermark.rawValue.utf8.makeIterator()
        for byte in key.rawValue.utf8 {
            guard let other = watermarkBytes.next() else { return false }
            if other != byte { return other > byte }
        }
        guard let next = watermarkBytes.next() else { return false }
        return next >= UInt8(ascii: "0")
    }

    /// Records every folder that `key` lies in (`a/b/c` → `a`, `a/b`), byte-wise: a `/` is a
    /// separator even when a combining mark follows it.
    private mutating func addFolders(of key: ObjectKey) {
        let utf8 = key.rawValue.utf8
        guard let parentEnd = utf8.lastIndex(of: UInt8(ascii: "/")) else {
            if inKeyOrder { openFolders.removeAll() }
            return
        }
        if let lastFolder, lastFolder.rawValue.utf8.count == utf8.distance(from: utf8.startIndex, to: parentEnd),
           key.rawValue.hasBytePrefix(lastFolder.rawValue) { return }
        let parent = ObjectKey(String(decoding: utf8[..<parentEnd], as: UTF8.self))
        lastFolder = parent
        if inKeyOrder { return enterFolder(parent) }
        guard folders.insert(parent).inserted else { return }
        // Walk up from the parent: a folder already known has its own parents known too.
        var end = parentEnd
        while let slash = utf8[..<end].lastIndex(of: UInt8(ascii: "/")) {
            guard folders.insert(ObjectKey(String(decoding: utf8[..<slash], as: UTF8.self))).inserted else { return }
            end = slash
        }
    }

    /// In key order: makes `folder` and its parents the open folders. The folders left behind can
    /// never come back (a folder's keys are contiguous in byte order), so only the open ones are
    /// kept, and each newly opened one marks a held file of its name.
    private mutating func enterFolder(_ folder: ObjectKey) {
        func contains(_ outer: ObjectKey, _ inner: ObjectKey) -> Bool {
            outer == inner || (inner.rawValue.hasBytePrefix(outer.rawValue) && inner.rawValue.utf8.dropFirst(outer.rawValue.utf8.count).first == UInt8(ascii: "/"))
        }
        while let innermost = openFolders.last, !contains(innermost, folder) { openFolders.removeLast() }
        var opened: [ObjectKey] = []
        var next: ObjectKey? = folder
        while let current = next, current != openFolders.last {
            opened.append(current)
            let utf8 = current.rawValue.utf8
            next = utf8.lastIndex(of: UInt8(ascii: "/")).map { ObjectKey(String(decoding: utf8[..<$0], as: UTF8.self)) }
        }
        for folder in opened.reversed() {
            openFolders.append(folder)
            markHeldFile(named: folder)
        }
    }

    /// A file of a folder's name can only have come before the folder and still be held (its
    /// folder's keys sort before the watermark that releases it), so it is found by a binary search
    /// of the held objects and marked, once per folder, instead of every object being looked up
    /// among the folders.
    private mutating func markHeldFile(named folder: ObjectKey) {
        var low = 0, high = held.count
        while low < high {
            let middle = (low + high) / 2
            if held[middle].object.key < folder { low = middle + 1 } else { high = middle }
        }
        if low < held.count, held[low].object.key == folder { held[low].clashes = true }
    }

    /// An object waiting for release, and whether a folder of its name has been seen.
    private struct Held {
        var object: ObjectInfo
        var clashes = false
    }
}
