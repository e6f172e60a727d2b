/// What a store can do, as a value rather than a web of optional protocols.
public struct StoreCapabilities: Hashable, Sendable {
    /// ``ObjectStore/read(_:range:into:)`` honours a byte range without reading the whole object.
    public var rangedReads: Bool
    /// ``ObjectStore/create(_:options:)`` is supported at all.
    public var writable: Bool
    /// A committed object keeps the source's `lastModified`.
    public var preservesModificationTime: Bool
    /// Keys form a real hierarchy: `a` and `a/b` cannot both exist, and `dir/` markers are folders.
    public var hierarchicalNamespace: Bool
    /// ``ObjectStore/md5(of:)`` can compute an unknown MD5 by reading the object, cheaply enough to
    /// do so for checksum comparison (a local disk, memory); remote stores say `false`.
    public var computesMD5ByReading: Bool
    /// The store caps its own requests in flight (its connection limit) and queues the rest, each
    /// started the moment a connection frees, without a round trip through the caller. A transfer
    /// with a fixed request limit may then start a few objects more than the limit: their
    /// destination is checked and created and their request is signed and queued, so the next
    /// request goes out as soon as one finishes. S3 does (its event loops queue them).
    public var queuesRequests: Bool
    /// The store keeps checksums of its objects that a read can be checked against
    /// (``ObjectStore/readChecked(_:into:)`` does more than count bytes for some objects). S3 does;
    /// a local disk does not: its files are the originals.
    public var keepsChecksums: Bool

    public init(
        rangedReads: Bool,
        writable: Bool,
        preservesModificationTime: Bool,
        hierarchicalNamespace: Bool,
        computesMD5ByReading: Bool,
        queuesRequests: Bool = false,
        keepsChecksums: Bool = false
    ) {
        self.rangedReads = rangedReads
        self.writable = writable
        self.preservesModificationTime = preservesModificationTime
        self.hierarchicalNamespace = hierarchicalNamespace
        self.computesMD5ByReading = computesMD5ByReading
        self.queuesRequests = queuesRequests
        self.keepsChecksums = keepsChecksums
    }
}
