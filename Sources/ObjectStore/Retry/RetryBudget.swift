import Synchronization

/// The retries a whole run may still make: a token bucket shared by every request and object, as
/// in the AWS SDKs' standard retry mode.
///
/// A retry takes ``retryCost`` tokens (``timeoutCost`` after a timeout); each request that
/// succeeds puts ``successCredit`` back, up to ``capacity``. While the service mostly answers,
/// the bucket stays full; when it fails everything (an outage, hard throttling), the bucket
/// empties after `capacity / retryCost` retries and further failures are not retried, so the run
/// stops quickly instead of hammering the service.
public final class RetryBudget: Sendable {
    /// Tokens when full.
    public let capacity: Int
    /// Tokens a retry takes.
    public let retryCost: Int
    /// Tokens a retry after a timeout takes.
    public let timeoutCost: Int
    /// Tokens a success puts back.
    public let successCredit: Int
    private let tokens: Mutex<Int>

    /// A full bucket; the defaults are the AWS SDKs' (500 tokens, 5 a retry, 10 after a timeout, 1
    /// back per success).
    public init(capacity: Int = 500, retryCost: Int = 5, timeoutCost: Int = 10, successCredit: Int = 1) {
        self.capacity = max(0, capacity)
        self.retryCost = max(0, retryCost)
        self.timeoutCost = max(0, timeoutCost)
        self.successCredit = max(0, successCredit)
        self.tokens = Mutex(self.capacity)
    }

    /// Tokens left.
    public var available: Int { tokens.withLock { $0 } }

    /// Takes the tokens a retry after `error` costs; `false` (taking nothing) when too few are left.
    public func withdraw(after error: ObjectStoreError) -> Bool {
        let cost = error.timedOut ? timeoutCost : retryCost
        return tokens.withLock { left in
            guard left >= cost else { return false }
            left -= cost
            return true
        }
    }

    /// Puts a success's tokens back.
    public func deposit() {
        guard successCredit > 0 else { return }
        tokens.withLock { $0 = min(capacity, $0 + successCredit) }
    }
}
