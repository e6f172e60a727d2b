#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension SystemCalls {
    /// This process's id (`getpid`).
    static var processID: Int32 { getpid() }

    /// Whether no process has the id `pid` (`kill` with signal 0 fails with `ESRCH`).
    static func processIsGone(_ pid: Int32) -> Bool {
        kill(pid, 0) != 0 && errno == ESRCH
    }
}
