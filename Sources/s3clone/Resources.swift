import CPosix
#if canImport(Glibc)
import Glibc
#endif

/// Process-wide resource settings a bulk copier needs.
enum Resources {
    /// Raises the soft limit on open files to the hard limit (at most 65,536): each copy in flight
    /// holds one or two descriptors, and folders are kept open while in use.
    static func raiseOpenFileLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
        let wanted = min(limit.rlim_max, 65_536)
        guard limit.rlim_cur < wanted else { return }
        limit.rlim_cur = wanted
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }

    /// Blocks of at least this size are mapped on their own and unmapped when freed.
    static let allocatorMapThreshold: Int32 = 1 << 20

    /// Keeps large freed blocks (the copy queue's arrays, listing pages) from staying in the
    /// allocator's per-thread arenas: glibc raises its mapping threshold each time a mapped block
    /// is freed, so later large arrays come from the arenas, and with a few threads each arena
    /// keeps its own high-water mark. Fixed at 1 MiB, a dry run of 10 million objects peaks at
    /// 111 MiB instead of 169 (bench/inventorybench.sh), at the same speed.
    static func returnLargeBlocksToTheSystem() {
        _ = s3clone_fix_mmap_threshold(allocatorMapThreshold)
    }

    /// The allocator's arenas: one per core. glibc gives each thread that allocates an arena of
    /// its own (up to 8 per core), and free memory left in one arena serves no other, so the
    /// peak wandered from run to run with which thread freed what: a clone of a million tiny
    /// objects at the default budget peaked at 106-134 MiB over four runs. One per core (two
    /// here): 114-121 MiB, at the same speed (53.9 s against 57.2 s); a single arena held it at
    /// 105-107 MiB but took 34% longer (every allocation behind one lock).
    static func limitAllocatorArenas() {
        _ = s3clone_limit_arenas(Int32(max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
    }
}
