import ObjectStore

/// Passes bytes on to a pending object, counting them for the progress display.
final class CountingSink: ByteSink {
    private let downstream: any ByteSink
    private let progress: TransferProgress
    private(set) var count: Int64 = 0

    init(_ downstream: any ByteSink, progress: TransferProgress) {
        self.downstream = downstream
        self.progress = progress
    }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws {
        try downstream.write(bytes, at: offset)
        count += Int64(bytes.count)
        progress.addBytes(bytes.count)
    }

    func copy(fromFile descriptor: Int32, at sourceOffset: Int64, count length: Int, to offset: Int64) throws -> Bool {
        guard try downstream.copy(fromFile: descriptor, at: sourceOffset, count: length, to: offset) else { return false }
        count += Int64(length)
        progress.addBytes(length)
        return true
    }
}
