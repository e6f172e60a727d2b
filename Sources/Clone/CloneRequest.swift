import ObjectStore
import S3Backend
import Transfer

/// What a user asked a clone to do: the values of the command line, checked for range by the
/// caller (the CLI's parser).
public struct CloneRequest: Sendable {
    /// What to copy, as typed: `s3://bucket/prefix`, a bare bucket name, `file:///path` or a path.
    public var source: String
    /// Where to, as typed: a local directory (created if missing).
    public var destination: String
    /// Only keys under this folder of the source (`logs` and `logs/` mean the same); `nil`: all.
    public var prefix: String?
    /// The share of the selection this run takes (``Shard/whole``: all of it).
    public var shard: Shard
    /// Requests in flight at most; `nil`: the adaptive limit (``ConcurrencyLimit/init(workers:)``).
    public var workers: Int?
    /// Further attempts after a transient failure, per request (or per object).
    public var retries: Int
    /// How existing objects are compared and what is done about a difference.
    public var policy: ComparisonPolicy
    /// Objects larger than this many bytes download as parallel ranges of this size.
    public var partSize: Int64
    /// The memory the run may hold for its state, in bytes (``TransferOptions/memoryBudget``).
    public var memoryBudget: Int
    /// Whether new copies are checked against the source's checksums (``TransferOptions/checksCopies``).
    public var checksCopies: Bool
    /// Whether a run ends by putting its copies on stable storage (``TransferOptions/flushesCopies``).
    public var flushesCopies: Bool
    /// ListObjectsV2 requests in flight at once for an S3 source (``ObjectStore/ObjectStore/listInLanes(prefix:lanes:)``).
    public var listers: Int
    /// The default ``listers``: 16.
    public static let defaultListers = 16
    /// An S3 Inventory report to list the source from instead of ListObjectsV2: the `s3://` URL
    /// or local path of its `manifest.json` (``S3Backend/InventoryListedStore``); `nil`: list.
    public var inventory: String?
    /// Print the plan only; write nothing.
    public var dryRun: Bool
    /// 0: errors, mismatches and the summary; 1: also each copy and retry; 2: also skips.
    public var verbosity: Int
    /// How S3 locations are reached; its connection count is set by the run from the limit.
    public var s3: S3AccessOptions

    public init(source: String, destination: String, prefix: String? = nil, shard: Shard = .whole, workers: Int? = nil, retries: Int = 5,
                policy: ComparisonPolicy = ComparisonPolicy(), partSize: Int64 = 32 << 20,
                memoryBudget: Int = TransferOptions.defaultMemoryBudget, checksCopies: Bool = true, flushesCopies: Bool = true, listers: Int = CloneRequest.defaultListers, inventory: String? = nil, dryRun: Bool = false,
                verbosity: Int = 0, s3: S3AccessOptions = S3AccessOptions(connections: ConcurrencyLimit.defaultStart)) {
        self.source = source
        self.destination = destination
        self.prefix = prefix
        self.shard = shard
        self.workers = workers
        self.retries = retries
        self.policy = policy
        self.partSize = partSize
        self.memoryBudget = memoryBudget
        self.checksCopies = checksCopies
        self.flushesCopies = flushesCopies
        self.listers = listers
        self.inventory = inventory
        self.dryRun = dryRun
        self.verbosity = verbosity
        self.s3 = s3
    }
}
