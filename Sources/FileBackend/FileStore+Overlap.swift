#if canImport(Glibc)
import Glibc
#endif
import ObjectStore

extension FileStore {
    /// Refuses a local source tree that is this store's root or holds it (``isSameOrInside(_:)``);
    /// other kinds of source cannot overlap a local tree.
    public func checkDistinct(from source: any ObjectStore) throws {
        guard let source = source as? FileStore, isSameOrInside(source) else { return }
        throw ObjectStoreError(
            .invalidArgument,
            "the destination '\(root.escapedForDisplay)' is the source '\(source.root.escapedForDisplay)' or inside it")
    }

    /// Whether this store's root is `other`'s root or lies inside it (symbolic links and `..`
    /// resolved). Copying a tree into itself would copy the copy on the next run; callers refuse it.
    /// Roots that do not exist yet cannot overlap an existing tree, except through an existing parent,
    /// which is checked too.
    public func isSameOrInside(_ other: FileStore) -> Bool {
        guard let mine = Self.resolvedPath(root), let theirs = Self.resolvedPath(other.root) else { return false }
        return mine.utf8.elementsEqual(theirs.utf8) || mine.hasBytePrefix(theirs.endsWithSlash ? theirs : theirs + "/")
    }

    /// The canonical absolute path of `path`, resolving the longest existing ancestor and appending
    /// the rest; `nil` if nothing on the way can be resolved.
    static func resolvedPath(_ path: String) -> String? {
        var pending: [String] = []
        var existing = path.isEmpty ? "." : path
        while true {
            do {
                var result = try SystemCalls.resolvedPath(existing)
                for component in pending.reversed() {
                    result += (result.endsWithSlash ? "" : "/") + component
                }
                return result
            } catch {
                guard error.rawValue == ENOENT else { return nil }
            }
            var parts = existing.slashSeparatedSegments.filter { !$0.utf8.isEmpty }
            guard let last = parts.popLast() else { return nil }
            pending.append(last)
            existing = (existing.hasBytePrefix("/") ? "/" : "") + parts.joined(separator: "/")
            if existing.isEmpty { existing = "." }
        }
    }
}
