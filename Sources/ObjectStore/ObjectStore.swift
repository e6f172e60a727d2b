/// A listing in progress: pages of objects as the store finds them.
public typealias ObjectListing = AsyncThrowingStream<[ObjectInfo], any Error>

/// The contract every backend meets: list, stat, read and atomically create objects under a root.
///
/// Keys are relative to the store's root (see ``ObjectKey``). Stores are `Sendable` and used by many
/// tasks at once; every requirement is safe to call concurrently.
///
/// Errors are ``ObjectStoreError`` values; each requirement lists the codes it throws. Any store may
/// also throw `cancelled` when its task is cancelled.
public protocol ObjectStore: Sendable {
    /// What this store can do.
    var capabilities: StoreCapabilities { get }

    /// Lists every object under the root whose key starts with `prefix`, recursively, in pages.
    ///
    /// `prefix` matches UTF-8 bytes, as on S3: no normalization, and it may end inside a character
    /// (`cafe` matches `cafe\u{301}.txt`, `caf\u{E9}` does not).
    /// Keys are relative to the root (the prefix is part of them). Directory markers (`dir/`) are
    /// listed as objects of size 0. The order of objects within and across pages is the store's own.
    ///
    /// #### Errors
    /// The stream finishes with `notFound` when the root does not exist, `accessDenied` when it cannot
    /// be read, `io`/`network` for transient trouble, `corrupt` when the store's answer is malformed.
    func list(prefix: String) -> ObjectListing

    /// Lists what ``list(prefix:)`` lists, exactly (no key twice, none missing), in up to `lanes`
    /// ordered sub-listings read at once (see ``ListingPage``).
    ///
    /// The default is ``list(prefix:)`` as lane 0. A store whose listing is a chain of round trips
    /// (S3) reads disjoint parts of the key space side by side.
    ///
    /// #### Errors
    /// As ``list(prefix:)``.
    func listInLanes(prefix: String, lanes: Int) -> LanedListing

    /// What the store holds under `key`, or `nil` when it holds nothing there.
    ///
    /// #### Errors
    /// `invalidKey` when the key cannot exist in this store; `collision` when something that is not
    /// an object of that kind holds the name (a directory for a file key, a file for a `dir/` key,
    /// a symbolic link); `accessDenied`, `io`, `network` for real failures. Absence is never an error.
    func stat(_ key: ObjectKey) async throws -> ObjectInfo?

    /// Pushes the bytes of `object` (or of `range` of it) into `sink`, in ascending offset order.
    ///
    /// Offsets given to the sink are offsets within the object. A store without ``StoreCapabilities/rangedReads``
    /// still honours `range`, by skipping.
    ///
    /// #### Errors
    /// `notFound` when the object is gone; `sourceChanged` when it no longer has `object.size` bytes;
    /// `invalidKey`, `accessDenied`, `io`, `network`; and anything the sink throws, unchanged.
    func read(_ object: ObjectInfo, range: Range<Int64>?, into sink: any ByteSink) async throws

    /// Pushes the whole of `object` into `sink`, as ``read(_:range:into:)``, and checks the bytes
    /// while they pass against the strongest check the store keeps for them (a full-object
    /// checksum, else a plain MD5 ETag); answers which, or ``IntegrityCheck/sizeOnly``.
    ///
    /// The default reads and answers ``IntegrityCheck/sizeOnly``: a store that keeps no checksum of
    /// its own (a local disk) has nothing to check against.
    ///
    /// #### Errors
    /// As ``read(_:range:into:)``; `corrupt` when the bytes do not match, after they all went to
    /// the sink (the caller must not keep them).
    func readChecked(_ object: ObjectInfo, into sink: any ByteSink) async throws -> IntegrityCheck

    /// The checksum the store keeps of `object`, of the whole object or composite, when it keeps
    /// one and can tell it without reading the object (S3: a HEAD asking for checksums); `nil`
    /// otherwise. The default is `nil`.
    ///
    /// #### Errors
    /// As ``stat(_:)``; `sourceChanged` when the object is no longer the one listed.
    func storedChecksum(of object: ObjectInfo) async throws -> StoredChecksum?

    /// The check of `object` in its upload's part layout, for an object uploaded in parts (a
    /// multipart ETag): its composite checksum when `stored` (its ``storedChecksum(of:)``) is one,
    /// else the multipart ETag when that is an MD5 of MD5s (not SSE-KMS or SSE-C); `nil` when the
    /// object was not uploaded in parts, the layout cannot be learnt or does not follow from the
    /// first part's size. S3 learns the part size from a HEAD of part 1. The default is `nil`.
    ///
    /// #### Errors
    /// As ``stat(_:)``.
    func partwiseCheck(of object: ObjectInfo, stored: StoredChecksum?) async throws -> PartwiseCheck?

    /// Asks that the next reads of `object` go on new connections: its last copy failed a check,
    /// and the connection that carried it may have damaged it (a middlebox, a bad NIC offload).
    /// The default does nothing (a store without connections).
    func readAfresh(_ object: ObjectInfo)

    /// Opens an atomic write of `object` (its key, size and `lastModified` are used).
    ///
    /// #### Errors
    /// `unsupported` for a read-only store; `invalidKey` when the key cannot be stored safely;
    /// `collision` when something in the way is not a folder (a file, a symbolic link);
    /// `accessDenied`, `noSpace`, `readOnly`, `resourceLimit`, `io`.
    func create(_ object: ObjectInfo, options: CreateOptions) async throws -> any PendingObject

    /// The MD5 of the object's contents, or `nil` when this store cannot tell it.
    ///
    /// The default, in the `Digests` module (this module computes no digest, so it needs no
    /// crypto library), returns `object.md5` when known, else, for stores that
    /// ``StoreCapabilities/computesMD5ByReading``, reads the object and hashes it.
    ///
    /// #### Errors
    /// As ``read(_:range:into:)``.
    func md5(of object: ObjectInfo) async throws -> MD5Digest?

    /// The object's checksum in the form the store reports it (for S3, what its ETag stands for:
    /// an MD5, or the multipart form with the object's part size), or `nil` when it cannot tell.
    ///
    /// The default is the whole-object MD5 of ``md5(of:)``.
    ///
    /// #### Errors
    /// As ``read(_:range:into:)``.
    func checksum(of object: ObjectInfo) async throws -> ContentChecksum?

    /// The `algorithm` checksum of the object as this store holds it, of the whole object or, given
    /// a `partSize`, composite (the checksum of its parts' checksums in that part size), computed
    /// by reading when needed (a local store caches it beside the file); `nil` when this store
    /// cannot tell. `--verify checksum` compares it with the source's ``storedChecksum(of:)``.
    /// The default (in `Digests`) reads stores that ``StoreCapabilities/computesMD5ByReading``.
    ///
    /// #### Errors
    /// As ``read(_:range:into:)``.
    func computedChecksum(_ algorithm: ChecksumAlgorithm, partSize: Int64?, of object: ObjectInfo) async throws -> [UInt8]?

    /// How a key of this store reads for a person: a local path, an `s3://` URL. Used in messages and
    /// in the `PATH: size mismatch` lines; not escaped (callers escape for display).
    func location(of key: ObjectKey) -> String

    /// Makes the store ready to receive objects, once, before a transfer writes to it (a local
    /// directory is created if missing and proved writable), so that an unusable destination is
    /// one clear error up front rather than one per object. The default does nothing.
    ///
    /// #### Errors
    /// `invalidArgument` when the location cannot hold objects; `accessDenied`, `readOnly`,
    /// `noSpace`, `io`.
    func prepareForWriting() throws

    /// Refuses a transfer from `source` into this store when this store is `source` or lies inside
    /// it: the copy would copy its own copies (on the next run, if not at once). The default allows
    /// every pair; a store that can tell throws.
    ///
    /// #### Errors
    /// `invalidArgument`, naming both locations.
    func checkDistinct(from source: any ObjectStore) throws

    /// Puts every object this store has committed so far on stable storage, so that a power loss
    /// after it returns loses none of them, nor their folders. A transfer calls it once, at the
    /// end. The default does nothing: a remote store's write is durable when it returns.
    ///
    /// #### Errors
    /// `io` (a write-back error the file system kept for this call), `unsupported`.
    func flushToStableStorage() async throws

    /// Opens a write of `object` in parts that survives the process: the journal of an earlier,
    /// unfinished write of the same object (same key, size, ETag and checksum algorithm) is
    /// resumed with its completed parts, any other leftover is discarded. `nil` when this store
    /// cannot resume writes, or when another live process is writing that object now: write it
    /// with ``create(_:options:)`` instead. The default returns `nil`.
    ///
    /// #### Errors
    /// As ``create(_:options:)``.
    func createResumable(_ object: ObjectInfo, plan: ResumePlan, options: CreateOptions) async throws -> (any ResumablePendingObject)?
}

extension ObjectStore {
    public func prepareForWriting() throws {}

    public func checkDistinct(from source: any ObjectStore) throws {}

    public func flushToStableStorage() async throws {}

    public func createResumable(_ object: ObjectInfo, plan: ResumePlan, options: CreateOptions) async throws -> (any ResumablePendingObject)? {
        nil
    }

    public func readChecked(_ object: ObjectInfo, into sink: any ByteSink) async throws -> IntegrityCheck {
        try await read(object, range: nil, into: sink)
        return .sizeOnly
    }

    public func storedChecksum(of object: ObjectInfo) async throws -> StoredChecksum? { nil }

    public func partwiseCheck(of object: ObjectInfo, stored: StoredChecksum?) async throws -> PartwiseCheck? { nil }

    public func readAfresh(_ object: ObjectInfo) {}

    public func checksum(of object: ObjectInfo) async throws -> ContentChecksum? {
        try await md5(of: object).map { ContentChecksum(md5: $0) }
    }

    /// Lists the whole store.
    public func list() -> ObjectListing { list(prefix: "") }

    public func listInLanes(prefix: String, lanes: Int) -> LanedListing {
        listInOneLane(prefix: prefix)
    }

    /// ``list(prefix:)`` as a laned listing of one lane (lane 0).
    public func listInOneLane(prefix: String) -> LanedListing {
        let pages = list(prefix: prefix)
        return PageBuffer.laned(capacity: 1) { buffer in
            for try await page in pages { try await buffer.put(ListingPage(objects: page)) }
        }
    }

    /// Collects a whole listing into one array (for tests and small stores).
    public func listAll(prefix: String = "") async throws -> [ObjectInfo] {
        var all: [ObjectInfo] = []
        for try await page in list(prefix: prefix) { all += page }
        return all
    }
}
