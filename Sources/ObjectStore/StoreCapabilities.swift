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

    public init(
        rangedReads: Bool,
        writable: Bool,
        preservesModificationTime: Bool,
        hierarchicalNamespace: Bool,
        computesMD5ByReading: Bool
    ) {
        self.rangedReads = rangedReads
        self.writable = writable
        self.preservesModificationTime = preservesModificationTime
        self.hierarchicalNamespace = hierarchicalNamespace
        self.computesMD5ByReading = computesMD5ByReading
    }
}
