import TestSupport
import Foundation
import ObjectStore

/// Seeding and inspection through the store's own API only, so every backend is driven the same way.
extension ObjectStore {
    /// Creates `key` with `bytes` (create, one write, commit), aborting if anything fails.
    func put(_ key: ObjectKey, _ bytes: [UInt8], lastModified: Date? = nil, replaceExisting: Bool = false) async throws {
        let object = ObjectInfo(key: key, size: Int64(bytes.count), lastModified: lastModified)
        let pending = try await create(object, options: CreateOptions(replaceExisting: replaceExisting))
        do {
            try bytes.withUnsafeBytes { buffer in
                if !buffer.isEmpty { try pending.write(buffer, at: 0) }
            }
            try await pending.commit()
        } catch {
            await pending.abort()
            throw error
        }
    }

    /// The whole listing under `prefix`, sorted by key (a store's own order is its own business).
    func sortedListing(prefix: String = "") async throws -> [ObjectInfo] {
        try await listAll(prefix: prefix).sorted { $0.key < $1.key }
    }

    /// The contents of `key`, read through a fresh `stat`.
    func contents(of key: ObjectKey) async throws -> [UInt8]? {
        guard let info = try await stat(key) else { return nil }
        let sink = CollectingSink()
        try await read(info, range: nil, into: sink)
        return sink.bytes
    }
}

/// Deterministic test contents that differ at every offset within a 251-byte period and between seeds.
func payload(_ count: Int, seed: Int = 0) -> [UInt8] {
    (0..<count).map { UInt8(($0 + seed * 17) % 251) }
}
