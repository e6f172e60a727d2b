import ObjectStore
import Synchronization

/// Scratch files held in memory, which count what is written to them: a test double for a run's
/// spilling, and a way to fail a spill on purpose (``failWritesAfter``).
public final class MemoryScratchSpace: ScratchSpace {
    private struct Totals {
        var filesMade = 0
        var bytesWritten = 0
        var liveFiles = 0
    }

    private let totals = Mutex(Totals())
    /// After this many bytes written (all files together), writes fail with `noSpace`.
    public let failWritesAfter: Int?

    public init(failWritesAfter: Int? = nil) {
        self.failWritesAfter = failWritesAfter
    }

    /// Scratch files made so far.
    public var filesMade: Int { totals.withLock { $0.filesMade } }
    /// Bytes written to scratch files so far.
    public var bytesWritten: Int { totals.withLock { $0.bytesWritten } }
    /// Scratch files not released yet.
    public var liveFiles: Int { totals.withLock { $0.liveFiles } }

    public func makeScratchFile() throws -> any ScratchFile {
        totals.withLock {
            $0.filesMade += 1
            $0.liveFiles += 1
        }
        return MemoryScratchFile(space: self)
    }

    /// Counts a write; `false` when it goes past ``failWritesAfter``.
    fileprivate func admitWrite(_ count: Int) -> Bool {
        totals.withLock { totals in
            if let limit = failWritesAfter, totals.bytesWritten + count > limit { return false }
            totals.bytesWritten += count
            return true
        }
    }

    fileprivate func released() {
        totals.withLock { $0.liveFiles -= 1 }
    }
}

private final class MemoryScratchFile: ScratchFile {
    private let space: MemoryScratchSpace
    private let bytes = Mutex<[UInt8]>([])

    init(space: MemoryScratchSpace) {
        self.space = space
    }

    deinit { space.released() }

    func write(_ chunk: UnsafeRawBufferPointer, at offset: Int64) throws {
        guard space.admitWrite(chunk.count) else {
            throw ObjectStoreError(.noSpace, "write \(chunk.count) bytes to a scratch file failed: the test's space is full")
        }
        bytes.withLock { bytes in
            let end = Int(offset) + chunk.count
            if bytes.count < end { bytes += repeatElement(0, count: end - bytes.count) }
            bytes.withUnsafeMutableBytes { UnsafeMutableRawBufferPointer(rebasing: $0[Int(offset)..<end]).copyMemory(from: chunk) }
        }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws -> Int {
        bytes.withLock { bytes in
            let start = min(Int(offset), bytes.count)
            let end = min(start + buffer.count, bytes.count)
            bytes.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
            return end - start
        }
    }
}
