import CPosix

/// The one place the engine talks to the allocator.
enum FreedMemory {
    /// Returns the allocator's free memory, in every arena, to the system.
    ///
    /// A spill frees a budget's worth of keys at once, on whichever thread spills, while the
    /// listing lanes allocated them on their own threads, each in its own glibc arena. Left
    /// alone, that free memory stays scattered over the arenas and the peak creeps up from one
    /// spill to the next (10M inventory rows: 111 to 127 MiB from run to run; trimmed after
    /// each spill: 109-110 MiB every time, at the same speed).
    static func returnToTheSystem() {
        _ = s3clone_release_free_memory()
    }
}
