/// Hands out receive-buffer sizes for new easy handles: the full size while the budget lasts, then
/// curl's smallest useful buffer. A handle keeps its buffer for its whole life (handles are pooled),
/// so hundreds of connections from a grown adaptive limit cost a quarter each past the budget.
struct ReceiveBufferBudget {
    /// The buffer of handles past the budget: curl's default.
    static let smallSize = 16 << 10

    let fullSize: Int
    let budget: Int
    private(set) var given = 0

    init(fullSize: Int, budget: Int) {
        self.fullSize = max(fullSize, Self.smallSize)
        self.budget = budget
    }

    /// The size for the next new handle.
    mutating func nextSize() -> Int {
        let size = given + fullSize <= budget ? fullSize : Self.smallSize
        given += size
        return size
    }
}
