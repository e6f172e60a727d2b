import FileBackend
import Foundation
import Logging
import ObjectStore

/// A file store over a fresh temporary directory's `root/` folder (so tests can check that nothing
/// was written beside it).
func makeStore(_ sandbox: String) -> FileStore {
    FileStore(root: sandbox + "/root", logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
}

/// Creates, fills and commits one object through the store's API.
@discardableResult
func put(_ store: any ObjectStore, _ key: String, _ bytes: [UInt8], replace: Bool = false, modified: Date? = nil) async throws -> ObjectInfo {
    let info = ObjectInfo(key: ObjectKey(key), size: Int64(bytes.count), lastModified: modified)
    let pending = try await store.create(info, options: CreateOptions(replaceExisting: replace))
    do {
        if !bytes.isEmpty { try bytes.withUnsafeBytes { try pending.write($0, at: 0) } }
        try await pending.commit()
    } catch {
        await pending.abort()
        throw error
    }
    return info
}

/// The error code an async call throws, or nil when it does not throw an ObjectStoreError.
func code(of body: () async throws -> Void) async -> ObjectStoreError.Code? {
    do {
        try await body()
        return nil
    } catch let error as ObjectStoreError {
        return error.code
    } catch {
        return nil
    }
}
