import ObjectStore

/// Finds, while a listing streams in, the source keys that are also folders of other keys (`a`
/// beside `a/b`, `dir` beside `dir/`): a hierarchical destination can hold only one of the two, so
/// the folder's contents are copied and the file is reported.
///
/// An object is released once nothing later in the listing can clash with it. When the listing has
/// come in ascending key order so far (S3 lists in UTF-8 byte order), the keys that would clash with
/// `k` lie in `["k/", "k0")`, so `k` is settled as soon as a key at or past `k0` arrives: in practice
/// only the last keys of a page wait for the next page. Once the order is broken, everything still
/// unsettled waits for the end of the listing.
struct FolderClashFilter {
    /// Objects to copy now, and objects that clash with a folder.
    struct Release {
        var ready: [ObjectInfo] = []
        var clashing: [ObjectInfo] = []
    }

    /// Whether clashes can happen at all: the destination is hierarchical and the source is not.
    let isActive: Bool
    private var folders = Set<ObjectKey>()
    private var held: [ObjectInfo] = []
    private var lastKey: ObjectKey?
    /// The folder recorded last: consecutive keys mostly share it, and comparing bytes is cheaper
    /// than making a key to look up.
    private var lastFolder: ObjectKey?
    private var inKeyOrder = true

    init(isActive: Bool) {
        self.isActive = isActive
    }

    /// Takes the next page of the listing.
    mutating func admit(_ page: [ObjectInfo]) -> Release {
        guard isActive else { return Release(ready: page) }
        var release = Release()
        for object in page {
            addFolders(of: object.key)
            if let lastKey, !(lastKey < object.key) { inKeyOrder = false }
            lastKey = object.key
            if object.key.isDirectoryMarker {
                release.ready.append(object)
            } else if !inKeyOrder, folders.contains(object.key) {
                // In key order no earlier key can lie inside this one; the check on release finds
                // the later ones.
                release.clashing.append(object)
            } else {
                held.append(object)
            }
        }
        guard inKeyOrder, let lastKey else { return release }
        var stillHeld: [ObjectInfo] = []
        for object in held {
            if folders.contains(object.key) {
                release.clashing.append(object)
            } else if Self.isPastFolderRange(of: object.key, watermark: lastKey) {
                release.ready.append(object)
            } else {
                stillHeld.append(object)
            }
        }
        held = stillHeld
        return release
    }

    /// The listing is complete: releases everything still held.
    mutating func finish() -> Release {
        var release = Release()
        for object in held {
            if folders.contains(object.key) {
                release.clashing.append(object)
            } else {
                release.ready.append(object)
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
        guard let parentEnd = utf8.lastIndex(of: UInt8(ascii: "/")) else { return }
        if let lastFolder, lastFolder.rawValue.utf8.elementsEqual(utf8[..<parentEnd]) { return }
        let parent = ObjectKey(String(decoding: utf8[..<parentEnd], as: UTF8.self))
        lastFolder = parent
        guard folders.insert(parent).inserted else { return }
        // Walk up from the parent: a folder already known has its own parents known too.
        var end = parentEnd
        while let slash = utf8[..<end].lastIndex(of: UInt8(ascii: "/")) {
            let folder = ObjectKey(String(decoding: utf8[..<slash], as: UTF8.self))
            guard folders.insert(folder).inserted else { return }
            end = slash
        }
    }
}
