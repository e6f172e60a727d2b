import ObjectStore

/// Receives one range of an inventory data file at a time, into one buffer reused for every range.
///
/// It takes the bytes as the store pushes them and does nothing else, so a store that pushes from
/// its network thread (S3) is not held up by inflating and parsing, which happen after the read.
final class InventoryRangeBuffer: ByteSink {
    /// The bytes of the current range received so far.
    private(set) var bytes: [UInt8] = []
    private var range: Range<Int64> = 0..<0
    private let source: String

    /// - Parameters:
    ///   - capacity: the size of the largest range it will be given.
    ///   - source: what is being read, for messages ("the inventory file data/1.csv.gz").
    init(capacity: Int, source: String) {
        self.source = source
        bytes.reserveCapacity(capacity)
    }

    /// Empties the buffer for the bytes of `range`.
    func start(_ range: Range<Int64>) {
        self.range = range
        bytes.removeAll(keepingCapacity: true)
    }

    /// Whether every byte of the current range has come.
    var isComplete: Bool { Int64(bytes.count) == range.count }

    /// - Throws: `corrupt` for bytes out of order or past the end of the range (the object is
    ///   larger than the manifest says).
    func write(_ chunk: UnsafeRawBufferPointer, at offset: Int64) throws {
        let next = range.lowerBound + Int64(bytes.count)
        guard offset == next else {
            throw ObjectStoreError(.corrupt, "\(source): bytes arrived out of order (offset \(offset), expected \(next))")
        }
        guard offset + Int64(chunk.count) <= range.upperBound else {
            throw InventoryDataFile.mismatch(source, "size: bytes arrived past byte \(range.upperBound)")
        }
        bytes.append(contentsOf: chunk)
    }
}
