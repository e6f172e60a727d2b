/// A pending object written in parts whose finished parts outlive the process: a later run (after
/// an interrupt, `kill -9` or a power loss) opens it again with the parts already done.
///
/// A store's ``ObjectStore/createResumable(_:plan:options:)`` opens one. Besides writes, commit
/// and abort, it keeps a journal of which parts are complete (and their checksums), and it can be
/// suspended: closed with its parts kept for a later attempt. Nothing of it is ever visible under
/// the object's key before ``PendingObject/commit()``.
public protocol ResumablePendingObject: PendingObject {
    /// The byte ranges the object is written in: the plan's part size, or the journal's when one
    /// was resumed (so a run with another part size still resumes).
    var parts: [Range<Int64>] { get }

    /// The parts already complete and on stable storage when this write was opened, by index, with
    /// the checksum recorded for each (empty when none was computed).
    var completedParts: [Int: [UInt8]] { get }

    /// Records part `index` as written whole, with `checksum`: its bytes are put on stable storage
    /// first, then the record, so a record never names bytes that a power loss could take.
    ///
    /// - Throws: ``ObjectStoreError`` `io`, `noSpace`.
    func partCompleted(_ index: Int, checksum: [UInt8]) throws

    /// Closes the write and keeps what is done for a later attempt. Never fails.
    func suspend() async
}

/// What a resumable write is tied to: a journal made for another plan is not resumed.
public struct ResumePlan: Hashable, Sendable {
    /// The source's ETag of the object (reads of the missing parts are made under `If-Match` with it).
    public var etag: String
    /// The checksum algorithm the parts' checksums are computed in (`CRC64NVME`, ...), or `nil`.
    public var checksumAlgorithm: String?
    /// The size of every part but the last.
    public var partSize: Int64

    public init(etag: String, checksumAlgorithm: String?, partSize: Int64) {
        self.etag = etag
        self.checksumAlgorithm = checksumAlgorithm
        self.partSize = partSize
    }
}
