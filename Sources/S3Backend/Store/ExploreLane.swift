import ObjectStore
import Synchronization

/// One delimited listing lane of a ``LaneLister``, between a lower and an upper bound (keys
/// relative to the store's root), shared with the listers that may split it (``split()``).
///
/// The lane keeps keys and folders at or past ``lower`` and before its upper bound. A split lowers
/// the bound to a point past everything the lane has handed on, so the lane and the new lane that
/// starts at the point never hold the same entry: the lane cuts each page against the bound and
/// notes how far it got in one step, under the lock a split takes.
final class ExploreLane: Sendable {
    /// The prefix listed (relative to the store's root).
    let prefix: String
    /// Keys before this belong to an earlier lane (`nil`: the lane starts at its prefix).
    let lower: ObjectKey?
    /// How deep below the selection the prefix is.
    let depth: Int

    private struct State {
        var upper: ObjectKey?
        /// The last entry handed on (a key, or a folder with its `/`).
        var position: ObjectKey?
        /// Keys handed on that are prefixes of ``position`` (at most one per length).
        var prefixKeys: [ObjectKey] = []
        var alphabet = KeySpaceSplit.Alphabet()
        var pages = 0
        var ended = false
    }

    private let state: Mutex<State>

    init(prefix: String, lower: ObjectKey? = nil, upper: ObjectKey? = nil, depth: Int) {
        self.prefix = prefix
        self.lower = lower
        self.depth = depth
        state = Mutex(State(upper: upper))
    }

    /// The part of a page (its keys, and its folders with their `/`, both ascending) that is this
    /// lane's; `ended` when the page is the listing's last (`isLast`) or reached the upper bound
    /// (something past it was cut). An ended lane is never split.
    func admit(objects: [ObjectInfo], folders: [String], isLast: Bool) -> (objects: [ObjectInfo], folders: [String], ended: Bool) {
        let objects = lower.map { lower in objects.filter { $0.key >= lower } } ?? objects
        let folders = lower.map { lower in folders.filter { ObjectKey($0) >= lower } } ?? folders
        return state.withLock { state in
            let keptObjects = state.upper.map { upper in objects.prefix { $0.key < upper } }.map(Array.init) ?? objects
            let keptFolders = state.upper.map { upper in folders.prefix { ObjectKey($0) < upper } }.map(Array.init) ?? folders
            for object in keptObjects {
                while let last = state.prefixKeys.last, !object.key.rawValue.hasBytePrefix(last.rawValue) { state.prefixKeys.removeLast() }
                state.prefixKeys.append(object.key)
            }
            let notedKeys = state.pages < 2 ? keptObjects.map(\.key) : keptObjects.last.map { [$0.key] } ?? []
            for key in notedKeys { state.alphabet.note(key.rawValue.utf8.dropFirst(prefix.utf8.count)) }
            if let lastFolder = keptFolders.last { state.alphabet.note(lastFolder.utf8.dropFirst(prefix.utf8.count)) }
            let last = [keptObjects.last?.key, keptFolders.last.map { ObjectKey($0) }].compactMap { $0 }.max()
            if let last, state.position.map({ $0 < last }) ?? true { state.position = last }
            state.pages += 1
            state.ended = isLast || keptObjects.count < objects.count || keptFolders.count < folders.count
            return (keptObjects, keptFolders, state.ended)
        }
    }

    /// The keys an ended lane handed on whose folder may lie past its upper bound, in another
    /// lane (a key `k` when the bound is `k` then a byte below `/`, as `k-1`: `k/...` sorts after
    /// it): the caller looks for those folders.
    func keysBeforeTheUpperBound() -> [ObjectKey] {
        state.withLock { state in
            guard let upper = state.upper?.rawValue.utf8 else { return [] }
            return state.prefixKeys.filter { key in
                let count = key.rawValue.utf8.count
                return upper.count > count && upper.starts(with: key.rawValue.utf8)
                    && upper[upper.index(upper.startIndex, offsetBy: count)] < UInt8(ascii: "/")
            }
        }
    }

    /// Pages handed on so far (how much of the lane has been seen).
    var pages: Int { state.withLock { $0.pages } }

    /// Splits the rest of the lane: lowers its upper bound to a point past its position and
    /// returns the lane that lists from that point to the old bound; `nil` when the lane has not
    /// started, has ended, or is too narrow to split.
    func split() -> ExploreLane? {
        state.withLock { state in
            guard !state.ended, state.pages > 0, let position = state.position else { return nil }
            let bytes = { (key: ObjectKey) in Array(key.rawValue.utf8.dropFirst(self.prefix.utf8.count)) }
            guard let point = KeySpaceSplit.point(after: bytes(position), before: state.upper.map(bytes),
                                                  symbols: state.alphabet.symbols)
            else { return nil }
            let pointKey = ObjectKey(prefix + String(decoding: point, as: UTF8.self))
            let upper = state.upper
            state.upper = pointKey
            return ExploreLane(prefix: prefix, lower: pointKey, upper: upper, depth: depth)
        }
    }

    /// The `start-after` of the lane's first request (relative to the store's root): just before
    /// ``lower``.
    var startAfter: String? {
        guard let lower else { return nil }
        // The last byte of a split point is a symbol: the symbol before it, then the highest code
        // point (keys in between are dropped by the bound); no symbol before it: the point less it.
        var bytes = Array(lower.rawValue.utf8)
        let last = bytes.removeLast()
        guard let before = (0x20..<last).last(where: KeySpaceSplit.isSymbol) else { return String(decoding: bytes, as: UTF8.self) }
        return String(decoding: bytes + [before], as: UTF8.self) + "\u{10FFFF}"
    }
}
