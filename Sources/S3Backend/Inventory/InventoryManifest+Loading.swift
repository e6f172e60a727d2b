import ObjectStore

extension InventoryManifest {
    /// The largest manifest read: a report of 100 million objects lists a few thousand files.
    static let maximumSize: Int64 = 64 << 20

    /// Reads and parses the manifest stored under `key` in `store`.
    ///
    /// - Throws: `notFound` when there is none; `corrupt` when it is larger than 64 MiB or does
    ///   not parse (see ``parse(_:)``); `unsupported` for a report not in CSV; the store's errors.
    public static func load(_ key: String, from store: any ObjectStore) async throws -> InventoryManifest {
        let location = store.location(of: ObjectKey(key))
        guard let object = try await store.stat(ObjectKey(key)) else {
            throw ObjectStoreError(.notFound, "no inventory manifest at \(location.escapedForDisplay)")
        }
        guard object.size <= maximumSize else {
            throw ObjectStoreError(.corrupt, "the inventory manifest \(location.escapedForDisplay) is \(object.size) bytes; a manifest is at most \(maximumSize)")
        }
        let buffer = InventoryRangeBuffer(capacity: Int(object.size), source: "the inventory manifest \(location.escapedForDisplay)")
        buffer.start(0..<object.size)
        try await store.read(object, range: nil, into: buffer)
        do {
            return try parse(buffer.bytes)
        } catch var error as ObjectStoreError {
            // Its messages say "inventory manifest: ..."; this one names which.
            let reason = error.message.hasPrefix(document + ": ") ? String(error.message.dropFirst(document.count + 2)) : error.message
            error.message = "the inventory manifest \(location.escapedForDisplay): \(reason)"
            throw error
        }
    }
}
