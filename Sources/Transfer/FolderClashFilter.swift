import ObjectStore

/// Finds, while a listing streams in, the source keys that are also folders of other keys (`a`
/// beside `a/b`, `dir` beside `dir/`): a hierarchical destination can hold only one of the two, so
/// the folder's contents are copied and the file is reported.
///
/// Each lane of a laned listing (``ObjectStore/ListingPage``) is checked on its own, by a
/// ``FolderClashLane``: a lane is in key order, and a clash between lanes is announced in the
/// file's lane as a folder. A lane's state is dropped when the lane ends.
struct FolderClashFilter {
    /// Objects to copy now, and objects that clash with a folder.
    struct Release {
        var ready: [ObjectInfo] = []
        var clashing: [ObjectInfo] = []
    }

    /// Whether clashes can happen at all: the destination is hierarchical and the source is not.
    let isActive: Bool
    private var lanes: [Int: FolderClashLane] = [:]

    init(isActive: Bool) {
        self.isActive = isActive
    }

    /// Objects taken in but not released yet (not attempted, if the run stops now).
    var heldCount: Int { lanes.values.reduce(0) { $0 + $1.heldCount } }
    /// How many folder names the filter holds now (its memory, besides the held objects).
    var rememberedFolders: Int { lanes.values.reduce(0) { $0 + $1.rememberedFolders } }
    /// Lanes with state (begun and not ended).
    var openLanes: Int { lanes.count }

    /// Takes the next page of a laned listing.
    mutating func admit(_ page: ListingPage) -> Release {
        guard isActive else { return Release(ready: page.objects) }
        var lane = lanes[page.lane] ?? FolderClashLane()
        var release = lane.admit(page.objects, folders: page.folders)
        if page.endsLane {
            let rest = lane.finish()
            release.ready += rest.ready
            release.clashing += rest.clashing
            lanes[page.lane] = nil
        } else {
            lanes[page.lane] = lane
        }
        return release
    }

    /// Takes the next page of a listing in one lane.
    mutating func admit(_ objects: [ObjectInfo]) -> Release {
        admit(ListingPage(objects: objects))
    }

    /// The listing is complete: releases everything still held, in every lane.
    mutating func finish() -> Release {
        var release = Release()
        for key in lanes.keys.sorted() {
            let rest = lanes[key]!.finish()
            release.ready += rest.ready
            release.clashing += rest.clashing
        }
        lanes = [:]
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
}
