import ObjectStore

/// Something that happened to one object during a transfer, for the caller to show or record.
///
/// Events arrive from many tasks at once; an observer must be thread-safe and quick.
public enum TransferEvent: Sendable {
    /// A copy started.
    case started(ObjectInfo)
    /// A copy finished and is visible under its final name; `check` is what its bytes were
    /// checked against.
    case copied(ObjectInfo, check: IntegrityCheck)
    /// The destination already holds this object.
    case skipped(ObjectInfo, Decision.Reason)
    /// The destination holds a different object under this name, left untouched. `location` is
    /// where (the local path as written to disk).
    case mismatch(ObjectInfo, Decision.Reason, location: String)
    /// The source no longer holds the object: it was deleted since it was listed (or since the
    /// inventory that listed it was made). Not copied, and not a failure.
    case vanished(ObjectInfo)
    /// The object could not be copied; the run goes on (unless the error's code is fatal).
    case failed(ObjectInfo, ObjectStoreError)
    /// A transient failure; the copy starts again after `delay`.
    case retrying(ObjectInfo, ObjectStoreError, attempt: Int, delay: Duration)
}

/// Receives ``TransferEvent``s.
public typealias TransferObserver = @Sendable (TransferEvent) -> Void
