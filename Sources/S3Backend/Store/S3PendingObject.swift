import ObjectStore

/// An S3 object being written: bytes gathered in memory, sent with one PutObject on commit.
final class S3PendingObject: PendingObject {
    let store: S3Store
    let object: ObjectInfo
    let replaceExisting: Bool
    private let bytes: PendingBytes

    var key: ObjectKey { object.key }

    init(store: S3Store, object: ObjectInfo, replaceExisting: Bool) {
        self.store = store
        self.object = object
        self.replaceExisting = replaceExisting
        self.bytes = PendingBytes(for: object.key, limit: S3Store.maximumUploadSize)
    }

    func write(_ chunk: UnsafeRawBufferPointer, at offset: Int64) throws {
        try bytes.write(chunk, at: offset)
    }

    func commit() async throws {
        let body = try bytes.take()
        guard Int64(body.count) == object.size else {
            throw ObjectStoreError(.corrupt, "wrote \(body.count) bytes, expected \(object.size)", key: key)
        }
        try await store.upload(object, bytes: body, replaceExisting: replaceExisting)
    }

    func abort() async {
        bytes.discard()
    }
}
