import Foundation

/// A fresh, empty folder in `/dev/shm` (memory, so no disk in the figures), or in the temporary
/// folder where `/dev/shm` is missing; removed with ``remove()``.
struct ScratchDirectory {
    let path: String

    init() throws {
        let parent = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        var template = Array((parent + "/s3clone-microbench.XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: parent])
        }
        path = String(cString: made)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
