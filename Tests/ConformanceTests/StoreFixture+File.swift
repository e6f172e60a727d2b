import FileBackend
import Foundation
import Logging
import ObjectStore

extension StoreFixture {
    /// A ``FileStore`` rooted at `<sandbox>/root` in a fresh temporary directory. The sandbox (not
    /// just the root) is removed afterwards, so a write that escaped the root is cleaned up too.
    static let file = StoreFixture(
        name: "file",
        capabilities: StoreCapabilities(
            rangedReads: true, writable: true, preservesModificationTime: true,
            hierarchicalNamespace: true, computesMD5ByReading: true),
        make: {
            let sandbox = FileManager.default.temporaryDirectory
                .appendingPathComponent("s3clone-conformance-\(UUID().uuidString)", isDirectory: true)
            let root = sandbox.appendingPathComponent("root", isDirectory: true)
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            let logger = Logger(label: "conformance") { _ in SwiftLogNoOpLogHandler() }
            let store = FileStore(root: root.path, logger: logger)
            return (store, { try? FileManager.default.removeItem(at: sandbox) })
        }
    )
}
