import ObjectStore
import Synchronization

/// An S3 object being written: bytes gathered in memory, sent with one PutObject on commit.
final class S3PendingObject: PendingObject {
    let store: S3Store
    let object: ObjectInfo
    let replaceExisting: Bool
    /// The bytes so far; `nil` once committed or aborted.
    private let buffer = Mutex<[UInt8]?>([])

    var key: ObjectKey { object.key }

    init(store: S3Store, object: ObjectInfo, replaceExisting: Bool) {
        self.store = store
        self.object = object
        self.replaceExisting = replaceExisting
    }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws {
        let end = offset + Int64(bytes.count)
        guard offset >= 0, end <= S3Store.maximumUploadSize else {
            throw ObjectStoreError(.unsupported, "uploads over \(S3Store.maximumUploadSize >> 20) MiB are not supported", key: key)
        }
        try buffer.withLock { buffer in
            guard var contents = buffer else {
                throw ObjectStoreError(.invalidArgument, "write after commit or abort", key: key)
            }
            buffer = nil  // keep the array uniquely referenced while it changes
            if contents.count < Int(end) { contents += repeatElement(0, count: Int(end) - contents.count) }
            contents.withUnsafeMutableBytes { target in
                UnsafeMutableRawBufferPointer(rebasing: target[Int(offset)..<Int(end)]).copyMemory(from: bytes)
            }
            buffer = contents
        }
    }

    func commit() async throws {
        guard let bytes = buffer.withLock({ buffer in defer { buffer = nil }; return buffer }) else {
            throw ObjectStoreError(.invalidArgument, "commit after commit or abort", key: key)
        }
        guard Int64(bytes.count) == object.size else {
            throw ObjectStoreError(.corrupt, "wrote \(bytes.count) bytes, expected \(object.size)", key: key)
        }
        try await store.upload(object, bytes: bytes, replaceExisting: replaceExisting)
    }

    func abort() async {
        buffer.withLock { $0 = nil }
    }
}
