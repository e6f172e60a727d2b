extension ConcurrencyLimit {
    /// Where an adaptive run starts (the original tool's 100 workers).
    public static let defaultStart = 100
    /// How far an adaptive run may grow.
    public static let adaptiveCeiling = 512
    /// The most destination checks (stats, checksum reads) planning makes at once.
    public static let planningCeiling = 32

    /// The limit a run starts with, as the user chose: `-j workers` when given (fixed, and a cap
    /// that throttling may go below), else adaptive from ``defaultStart`` up to ``adaptiveCeiling``.
    /// This is the one place those numbers are decided; the connection pool (``connections``) and
    /// the width of planning (``planningWidth``) follow from it.
    public init(workers: Int?) {
        if let workers {
            self = .fixed(workers)
        } else {
            self = .adaptive(start: Self.defaultStart, maximum: Self.adaptiveCeiling)
        }
    }

    /// The adaptive default (no `-j`).
    public static let standard = ConcurrencyLimit(workers: nil)

    /// The connections a store should be able to hold open: one per request at the most.
    public var connections: Int { maximum }

    /// How many decisions planning makes at once.
    public var planningWidth: Int { min(minimum, Self.planningCeiling) }
}
