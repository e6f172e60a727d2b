/// A small, fast random number generator with a fixed seed (SplitMix64), so that every run of a
/// benchmark works on the same data.
///
/// Not for anything but test data: it is neither secure nor shared between tasks.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    /// The seed the benchmarks use unless told otherwise.
    static let defaultSeed: UInt64 = 42

    init(seed: UInt64 = defaultSeed) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
