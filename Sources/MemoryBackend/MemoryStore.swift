import Digests
import FoundationEssentials
import ObjectStore
import Synchronization

/// An object store held in memory: the reference implementation of ``ObjectStore/ObjectStore`` and the fast test
/// double.
///
/// Like S3 it is a flat namespace: `a` and `a/b` may both exist, and `dir/` is an ordinary (empty)
/// object. Every object carries the MD5 of its contents as S3 would for a single-part upload.
public final class MemoryStore: ObjectStore {
    struct Entry {
        var info: ObjectInfo
        var bytes: [UInt8]
    }

    private let entries = Mutex<[ObjectKey: Entry]>([:])
    private let pageSize: Int
    private let name: String

    /// - Parameters:
    ///   - name: how ``location(of:)`` names the store in messages.
    ///   - pageSize: how many objects one listing page holds (S3 uses 1,000).
    public init(name: String = "memory", pageSize: Int = 1000) {
        precondition(pageSize > 0)
        self.name = name
        self.pageSize = pageSize
    }

    public var capabilities: StoreCapabilities {
        StoreCapabilities(
            rangedReads: true, writable: true, preservesModificationTime: true,
            hierarchicalNamespace: false, computesMD5ByReading: true)
    }

    /// Stores `bytes` under `key` at once (no pending write), replacing what was there.
    @discardableResult
    public func put(_ key: ObjectKey, _ bytes: [UInt8], lastModified: Date = Date(timeIntervalSince1970: 1_700_000_000)) -> ObjectInfo {
        let digest = MD5Hasher.digest(bytes)
        let info = ObjectInfo(
            key: key, size: Int64(bytes.count), lastModified: lastModified,
            etag: "\"\(digest.hex)\"", md5: digest)
        entries.withLock { $0[key] = Entry(info: info, bytes: bytes) }
        return info
    }

    /// The contents under `key`, if any.
    public func contents(of key: ObjectKey) -> [UInt8]? {
        entries.withLock { $0[key]?.bytes }
    }

    /// Removes the object under `key`, if any.
    public func remove(_ key: ObjectKey) {
        _ = entries.withLock { $0.removeValue(forKey: key) }
    }

    /// Every key, in byte order.
    public var keys: [ObjectKey] {
        entries.withLock { Array($0.keys) }.sorted()
    }

    public func list(prefix: String) -> ObjectListing {
        let snapshot = entries.withLock { entries in
            entries.values.lazy.map(\.info).filter { $0.key.rawValue.utf8.starts(with: prefix.utf8) }
        }.sorted { $0.key < $1.key }
        let pageSize = self.pageSize
        return ObjectListing { continuation in
            var start = 0
            while start < snapshot.count {
                let end = min(start + pageSize, snapshot.count)
                continuation.yield(Array(snapshot[start..<end]))
                start = end
            }
            continuation.finish()
        }
    }

    public func stat(_ key: ObjectKey) async throws -> ObjectInfo? {
        try Task.checkCancellation()
        return entries.withLock { $0[key]?.info }
    }

    public func read(_ object: ObjectInfo, range: Range<Int64>?, into sink: any ByteSink) async throws {
        guard let bytes = entries.withLock({ $0[object.key]?.bytes }) else {
            throw ObjectStoreError(.notFound, "no such object", key: object.key)
        }
        guard Int64(bytes.count) == object.size else {
            throw ObjectStoreError(.sourceChanged, "object has \(bytes.count) bytes, listed with \(object.size)", key: object.key)
        }
        let wanted = range ?? 0..<object.size
        guard wanted.lowerBound >= 0, wanted.upperBound <= object.size else {
            throw ObjectStoreError(.invalidArgument, "range \(wanted) is outside the object's \(object.size) bytes", key: object.key)
        }
        try Task.checkCancellation()
        try bytes.withUnsafeBytes { buffer in
            let slice = UnsafeRawBufferPointer(rebasing: buffer[Int(wanted.lowerBound)..<Int(wanted.upperBound)])
            if !slice.isEmpty { try sink.write(slice, at: wanted.lowerBound) }
        }
    }

    public func create(_ object: ObjectInfo, options: CreateOptions) async throws -> any PendingObject {
        try Task.checkCancellation()
        return Pending(store: self, object: object, options: options)
    }

    public func md5(of object: ObjectInfo) async throws -> MD5Digest? {
        if let known = object.md5 { return known }
        return entries.withLock { $0[object.key]?.info.md5 }
    }

    public func location(of key: ObjectKey) -> String {
        "\(name):\(key.rawValue)"
    }

    fileprivate func commit(_ pending: Pending, bytes: [UInt8]) throws {
        let key = pending.object.key
        guard Int64(bytes.count) == pending.object.size else {
            throw ObjectStoreError(.corrupt, "wrote \(bytes.count) bytes, expected \(pending.object.size)", key: key)
        }
        let digest = MD5Hasher.digest(bytes)
        let info = ObjectInfo(
            key: key, size: Int64(bytes.count), lastModified: pending.object.lastModified ?? Date(),
            etag: "\"\(digest.hex)\"", md5: digest)
        try entries.withLock { entries in
            if !pending.options.replaceExisting, entries[key] != nil {
                throw ObjectStoreError(.alreadyExists, "an object appeared under this key", key: key)
            }
            entries[key] = Entry(info: info, bytes: bytes)
        }
    }
}

extension MemoryStore {
    /// A write into a private buffer that becomes visible on commit.
    fileprivate final class Pending: PendingObject {
        let store: MemoryStore
        let object: ObjectInfo
        let options: CreateOptions
        private let bytes: PendingBytes

        init(store: MemoryStore, object: ObjectInfo, options: CreateOptions) {
            self.store = store
            self.object = object
            self.options = options
            self.bytes = PendingBytes(for: object.key)
        }

        var key: ObjectKey { object.key }

        func write(_ chunk: UnsafeRawBufferPointer, at offset: Int64) throws {
            try bytes.write(chunk, at: offset)
        }

        func commit() async throws {
            try store.commit(self, bytes: try bytes.take())
        }

        func abort() async {
            bytes.discard()
        }
    }
}
