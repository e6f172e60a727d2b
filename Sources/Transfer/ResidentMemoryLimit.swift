import CPosix

/// The process's resident memory that the copy queue keeps under, whatever else holds memory.
///
/// The queue counts its own objects exactly, but not what lies around it: the connections'
/// buffers, listing pages in flight, and the allocator's free memory that is not yet given back
/// (keys allocated on the lanes' threads and freed on the queue's leave free space scattered over
/// glibc's arenas). Measured on a clone of a million tiny objects at the default 128 MiB budget,
/// those took the peak to 145 MiB. So every ``checkInterval`` objects queued, the queue reads the
/// process's resident memory; above ``limit`` it first gives free memory back, and when that is
/// not enough, spills early.
public struct ResidentMemoryLimit: Sendable {
    /// The resident bytes the process should stay under.
    let limit: Int
    /// How many inserts pass between two reads of the resident memory.
    let checkInterval: Int
    /// Reads the resident memory in bytes (`nil`: unknown, never over).
    let residentBytes: @Sendable () -> Int?

    /// A limit on this process, read from `/proc/self/statm`.
    init(limit: Int, checkInterval: Int = 1024) {
        self.init(limit: limit, checkInterval: checkInterval) {
            let bytes = s3clone_resident_bytes()
            return bytes < 0 ? nil : Int(bytes)
        }
    }

    /// A limit read through `residentBytes` (tests give their own).
    init(limit: Int, checkInterval: Int, residentBytes: @escaping @Sendable () -> Int?) {
        self.limit = limit
        self.checkInterval = max(1, checkInterval)
        self.residentBytes = residentBytes
    }

    /// Whether the process holds more than ``limit`` now.
    var isExceeded: Bool { (residentBytes() ?? 0) > limit }

    /// The resident limit for a process whose whole memory is `memoryBudget` bytes: seven eighths
    /// of it, so that what grows between two checks, and the spill itself, stay under the budget.
    public static func limit(forBudget memoryBudget: Int) -> Int { memoryBudget / 4 * 3 }
}
