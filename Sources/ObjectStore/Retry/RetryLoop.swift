import Logging
import Synchronization

/// The one retry loop of a run: tries an operation again after a retryable failure, pausing as
/// its ``RetryPolicy`` says and drawing on one shared ``RetryBudget``.
///
/// One instance serves a whole run: the stores use it for their requests (scope
/// ``RetryScope/request``), the transfer for whole objects (``RetryScope/object``); a failure's
/// code decides which of them retries it, so retries never multiply. It also counts the throttled
/// failures it sees, so that the transfer can send fewer requests at once (see
/// ``throttledFailures``).
public final class RetryLoop: Sendable {
    /// How many retries, and how long the pauses.
    public let policy: RetryPolicy
    /// The retries the run may still make.
    public let budget: RetryBudget
    private let logger: Logger
    private let throttled = Mutex(0)

    /// A loop with `policy`, drawing on `budget`.
    public init(policy: RetryPolicy = RetryPolicy(), budget: RetryBudget = RetryBudget(), logger: Logger) {
        self.policy = policy
        self.budget = budget
        self.logger = logger
    }

    /// How many failures so far were the service asking to slow down (whether retried or not),
    /// each counted once, by the loop of its scope.
    public var throttledFailures: Int { throttled.withLock { $0 } }

    /// Runs `attempt` until it succeeds or fails for good.
    ///
    /// A failure is tried again when its code's ``ObjectStoreError/Code/retryScope`` is `scope`,
    /// the policy allows another retry and the budget pays for it; then `willRetry` hears of it
    /// and the loop pauses. Anything else is thrown as it is, except that a retry the budget
    /// cannot pay for ends in `unavailable`, naming the last failure.
    ///
    /// - Throws: the last failure; `unavailable` when the budget is spent; `CancellationError`
    ///   when cancelled during a pause.
    /// - Parameters:
    ///   - willRetry: hears of each retry before its pause: the failure, the retry's number (1 for
    ///     the first) and the pause.
    ///   - attempt: the operation, given its attempt's number (1 for the first).
    public func run<Value>(_ scope: RetryScope, willRetry: (ObjectStoreError, Int, Duration) -> Void = { _, _, _ in },
                           _ attempt: (_ number: Int) async throws -> Value) async throws -> Value {
        var number = 1
        while true {
            do {
                let value = try await attempt(number)
                budget.deposit()
                return value
            } catch let failure as ObjectStoreError {
                guard failure.code.retryScope == scope else { throw failure }
                if failure.code == .throttled { throttled.withLock { $0 += 1 } }
                guard policy.allowsRetry(number, after: failure) else { throw failure }
                guard budget.withdraw(after: failure) else { throw Self.budgetSpent(after: failure, attempts: number) }
                let delay = policy.delay(beforeRetry: number, after: failure, fraction: Double.random(in: 0...1))
                logger.debug("retrying", metadata: [
                    "error": "\(failure)", "retry": "\(number)", "delay": "\(delay)", "budget": "\(budget.available)",
                ])
                willRetry(failure, number, delay)
                number += 1
                try await Task.sleep(for: delay)
            }
        }
    }

    /// The error a retry the budget cannot pay for ends in.
    static func budgetSpent(after failure: ObjectStoreError, attempts: Int) -> ObjectStoreError {
        ObjectStoreError(
            .unavailable,
            "giving up after \(attempts) attempt\(attempts == 1 ? "" : "s"): requests keep failing and the run's retry budget is spent; last failure: \(failure.message)",
            key: failure.key, cause: failure.cause)
    }
}
