import ObjectStore

/// One lane's part of the ``FolderClashFilter``: finds, while the lane streams in, the keys that
/// are also folders of other keys of the lane or of folders announced in it.
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
struct FolderClashLane {
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

    /// Takes the lane's next page: its objects, and the folders announced among them (each taken
    /// as a key `folder/` that is listed elsewhere: it records the folder and moves the watermark).
    mutating func admit(_ page: [ObjectInfo], folders announced: [ObjectKey] = []) -> FolderClashFilter.Release {
        var release = FolderClashFilter.Release()
        var nextFolder = 0
        for object in page {
            while nextFolder < announced.count {
                let folderKey = ObjectKey(announced[nextFolder].rawValue + "/")
                guard !(object.key < folderKey) else { break }
                if folderKey != object.key { see(folderKey) }  // a listed marker stands for itself
                nextFolder += 1
            }
            see(object.key)
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
        for folder in announced[nextFolder...] { see(ObjectKey(folder.rawValue + "/")) }
        guard inKeyOrder, let lastKey else { return release }
        var stillHeld: [Held] = []
        for entry in held {
            if entry.clashes {
                release.clashing.append(entry.object)
            } else if FolderClashFilter.isPastFolderRange(of: entry.object.key, watermark: lastKey) {
                release.ready.append(entry.object)
            } else {
                stillHeld.append(entry)
            }
        }
        held = stillHeld
        return release
    }

    /// The listing is complete: releases everything still held.
    mutating func finish() -> FolderClashFilter.Release {
        var release = FolderClashFilter.Release()
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

    /// Notes the next key of the lane (listed here or announced): the order, the watermark, its folders.
    private mutating func see(_ key: ObjectKey) {
        if inKeyOrder, let lastKey, !(lastKey < key) {
            inKeyOrder = false
            openFolders = []
            lastFolder = nil
        }
        lastKey = key
        addFolders(of: key)
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
