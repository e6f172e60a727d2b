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
}
