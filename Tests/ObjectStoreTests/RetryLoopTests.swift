import Logging
import ObjectStore
import Synchronization
import Testing

@Suite("RetryPolicy, RetryBudget and RetryLoop")
struct RetryLoopTests {
    let slow = ObjectStoreError(.throttled, "slow down")
    let reset = ObjectStoreError(.network, "reset")

    @Test("full jitter: 100 ms doubling per retry, 1 s when throttled, capped at 20 s")
    func delayCeilings() {
        let policy = RetryPolicy()
        #expect(policy.delayCeiling(beforeRetry: 1, after: reset) == .milliseconds(100))
        #expect(policy.delayCeiling(beforeRetry: 3, after: reset) == .milliseconds(400))
        #expect(policy.delayCeiling(beforeRetry: 1, after: slow) == .seconds(1))
        #expect(policy.delayCeiling(beforeRetry: 4, after: slow) == .seconds(8))
        #expect(policy.delayCeiling(beforeRetry: 6, after: slow) == .seconds(20))
        #expect(policy.delayCeiling(beforeRetry: 60, after: slow) == .seconds(20))
        #expect(policy.delay(beforeRetry: 2, after: slow, fraction: 0) == .zero)
        #expect(policy.delay(beforeRetry: 2, after: slow, fraction: 0.5) == .seconds(1))
        #expect(policy.delay(beforeRetry: 2, after: slow, fraction: 1) == .seconds(2))
    }

    @Test("Retry-After sets the least pause, up to the longest honoured")
    func retryAfter() {
        let policy = RetryPolicy()
        var asked = slow
        asked.retryAfter = .seconds(3)
        #expect(policy.delay(beforeRetry: 1, after: asked, fraction: 0.2) == .seconds(3))
        asked.retryAfter = .seconds(600)
        #expect(policy.delay(beforeRetry: 1, after: asked, fraction: 0.2) == .seconds(60))
        asked.retryAfter = .milliseconds(10)
        #expect(policy.delay(beforeRetry: 1, after: asked, fraction: 0.5) == .milliseconds(500))
    }

    @Test("retries: N for retryable codes, a checksum mismatch included, none for the rest")
    func allowance() {
        let policy = RetryPolicy(retries: 3)
        #expect(policy.allowsRetry(3, after: slow) && !policy.allowsRetry(4, after: slow))
        #expect(policy.allowsRetry(3, after: ObjectStoreError(.corrupt, "md5")))
        #expect(!policy.allowsRetry(4, after: ObjectStoreError(.corrupt, "md5")))
        #expect(!policy.allowsRetry(1, after: ObjectStoreError(.accessDenied, "no")))
        #expect(!RetryPolicy(retries: 0).allowsRetry(1, after: slow))
    }

    @Test("the budget: 5 a retry, 10 after a timeout, 1 back per success, never above 500")
    func budget() {
        let budget = RetryBudget()
        #expect(budget.available == 500)
        budget.deposit()
        #expect(budget.available == 500)
        #expect(budget.withdraw(after: reset))
        var timeout = reset
        timeout.timedOut = true
        #expect(budget.withdraw(after: timeout))
        #expect(budget.available == 485)
        budget.deposit()
        #expect(budget.available == 486)
        let small = RetryBudget(capacity: 12)
        #expect(small.withdraw(after: reset) && small.withdraw(after: reset))
        #expect(!small.withdraw(after: reset))
        #expect(small.available == 2)
    }

    /// A loop that never pauses long.
    func loop(_ retries: Int, budget: RetryBudget = RetryBudget()) -> RetryLoop {
        RetryLoop(policy: RetryPolicy(retries: retries, baseDelay: .zero, throttledBaseDelay: .zero, maximumDelay: .zero),
                  budget: budget, logger: Logger(label: "test"))
    }

    @Test("a persistent failure is attempted exactly N+1 times, then thrown as it was")
    func exactAttempts() async {
        let attempts = Mutex(0)
        let retrying = loop(4)
        var heard: [Int] = []
        await #expect(throws: slow) {
            try await retrying.run(.request, willRetry: { _, retry, _ in heard.append(retry) }) { _ in
                attempts.withLock { $0 += 1 }
                throw slow
            }
        }
        #expect(attempts.withLock { $0 } == 5)
        #expect(heard == [1, 2, 3, 4])
        #expect(retrying.throttledFailures == 5)
        #expect(retrying.budget.available == 500 - 4 * 5)
    }

    @Test("a failure of the other scope passes through untouched and unretried")
    func otherScope() async {
        let attempts = Mutex(0)
        let retrying = loop(4)
        await #expect(throws: slow) {
            try await retrying.run(.object) { _ in
                attempts.withLock { $0 += 1 }
                throw slow
            }
        }
        #expect(attempts.withLock { $0 } == 1)
        #expect(retrying.throttledFailures == 0)
        let changed = ObjectStoreError(.sourceChanged, "changed")
        await #expect(throws: changed) { try await retrying.run(.request) { _ in throw changed } }
    }

    @Test("success after failures returns the value; a spent budget ends in unavailable, naming the last failure")
    func budgetSpent() async throws {
        let retrying = loop(10, budget: RetryBudget(capacity: 10))
        let value = try await retrying.run(.request) { number in
            if number < 3 { throw reset }
            return number
        }
        #expect(value == 3)
        #expect(retrying.budget.available == 1)
        await #expect { try await retrying.run(.request) { _ in throw reset } } throws: { error in
            guard let error = error as? ObjectStoreError else { return false }
            return error.code == .unavailable && error.code.isFatal && error.message.contains("retry budget is spent")
                && error.message.contains("reset")
        }
    }
}
