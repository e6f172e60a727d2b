import Foundation
import ObjectStore
@testable import S3Backend
import Testing

/// Caching, refresh before expiry, and one refresh for many callers.
struct CredentialRefreshTests {
    let clock = ManualClock()

    @Test func staticCredentialsNeverRefresh() async throws {
        let provider = CountingProvider(clock: clock, lifetime: nil)
        let credentials = RefreshingCredentials(provider: provider, now: clock.reader)
        #expect(try await credentials.current().accessKeyID == "AKID1")
        clock.advance(365 * 86_400)
        #expect(try await credentials.current().accessKeyID == "AKID1")
        #expect(provider.calls == 1)
    }

    @Test func refreshesFiveMinutesBeforeExpiry() async throws {
        let provider = CountingProvider(clock: clock, lifetime: 3600)
        let credentials = RefreshingCredentials(provider: provider, now: clock.reader)
        #expect(try await credentials.current().accessKeyID == "AKID1")
        clock.advance(3600 - 301)
        #expect(try await credentials.current().accessKeyID == "AKID1")
        clock.advance(2)
        #expect(try await credentials.current().accessKeyID == "AKID2")
        #expect(try await credentials.current().accessKeyID == "AKID2")
        #expect(provider.calls == 2)
    }

    @Test func expiredInitialCredentialsRefreshAtOnce() async throws {
        let provider = CountingProvider(clock: clock)
        let old = AWSCredentials(accessKeyID: "OLD", secretAccessKey: "s", sessionToken: nil,
                                 expiration: clock.now.addingTimeInterval(-1))
        let credentials = RefreshingCredentials(provider: provider, initial: old, now: clock.reader)
        #expect(try await credentials.current().accessKeyID == "AKID1")
    }

    @Test func validInitialCredentialsAreUsed() async throws {
        let provider = CountingProvider(clock: clock)
        let initial = AWSCredentials(accessKeyID: "FIRST", secretAccessKey: "s", sessionToken: nil,
                                     expiration: clock.now.addingTimeInterval(3600))
        let credentials = RefreshingCredentials(provider: provider, initial: initial, now: clock.reader)
        #expect(try await credentials.current().accessKeyID == "FIRST")
        #expect(provider.calls == 0)
    }

    /// 100 workers asking at once when the credentials are due: one refresh, one answer.
    @Test func singleFlightUnderConcurrentCallers() async throws {
        let provider = CountingProvider(clock: clock, lifetime: 3600, delay: .milliseconds(50))
        let credentials = RefreshingCredentials(provider: provider, now: clock.reader)
        for round in 1...3 {
            let keys = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<100 { group.addTask { try await credentials.current().accessKeyID } }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(keys == ["AKID\(round)"])
            #expect(provider.calls == round)
            #expect(await credentials.refreshCount == round)
            clock.advance(3600)
        }
    }

    /// A failed refresh while the credentials are still valid keeps them, and waits before retrying.
    @Test func failureWhileValidKeepsTheCache() async throws {
        let provider = CountingProvider(clock: clock, lifetime: 3600)
        let credentials = RefreshingCredentials(provider: provider, retryDelay: 10, now: clock.reader)
        #expect(try await credentials.current().accessKeyID == "AKID1")
        provider.setFailing(true)
        clock.advance(3600 - 60)
        #expect(try await credentials.current().accessKeyID == "AKID1")
        #expect(try await credentials.current().accessKeyID == "AKID1")
        #expect(provider.calls == 2)
        clock.advance(11)
        #expect(try await credentials.current().accessKeyID == "AKID1")
        #expect(provider.calls == 3)
        provider.setFailing(false)
        clock.advance(11)
        #expect(try await credentials.current().accessKeyID == "AKID4")
    }

    @Test func failureAfterExpiryIsThrown() async throws {
        let provider = CountingProvider(clock: clock, lifetime: 3600)
        let credentials = RefreshingCredentials(provider: provider, now: clock.reader)
        _ = try await credentials.current()
        provider.setFailing(true)
        clock.advance(3601)
        await expectFailure(.network) { try await credentials.current() }
    }

    @Test func providerWithNothingLeft() async {
        let credentials = RefreshingCredentials(provider: StubProvider("empty"), now: clock.reader)
        await expectFailure(.noCredentials) { try await credentials.current() }
    }

    @Test func invalidateForcesARefresh() async throws {
        let provider = CountingProvider(clock: clock, lifetime: nil)
        let credentials = RefreshingCredentials(provider: provider, now: clock.reader)
        _ = try await credentials.current()
        await credentials.invalidate()
        #expect(try await credentials.current().accessKeyID == "AKID2")
    }

    /// Credentials that arrive with less than the margin left are used for half of what is left.
    @Test func shortLivedCredentials() {
        let now = clock.now
        let short = AWSCredentials(accessKeyID: "A", secretAccessKey: "s", sessionToken: nil,
                                   expiration: now.addingTimeInterval(120))
        #expect(RefreshingCredentials.refreshTime(for: short, fetchedAt: now, margin: 300) == now.addingTimeInterval(60))
        let long = AWSCredentials(accessKeyID: "A", secretAccessKey: "s", sessionToken: nil,
                                  expiration: now.addingTimeInterval(3600))
        #expect(RefreshingCredentials.refreshTime(for: long, fetchedAt: now, margin: 300) == now.addingTimeInterval(3300))
        let expired = AWSCredentials(accessKeyID: "A", secretAccessKey: "s", sessionToken: nil,
                                     expiration: now.addingTimeInterval(-5))
        #expect(RefreshingCredentials.refreshTime(for: expired, fetchedAt: now, margin: 300) == now)
    }
}
