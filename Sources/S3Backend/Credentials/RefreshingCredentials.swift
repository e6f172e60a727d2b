import FoundationEssentials
import ObjectStore
import Synchronization

/// Credentials that renew themselves: cached, and fetched again from their provider shortly
/// before they expire.
///
/// - Credentials without an expiration (static keys) are never fetched again.
/// - Within ``refreshMargin`` of the expiration, or once expired, the next caller starts a
///   refresh and every caller waits for that one: however many workers ask at once, a single
///   request goes to the provider.
/// - If a refresh fails while the cached credentials are still valid, callers keep getting them
///   and the next attempt waits ``retryDelay``; once they have expired, the failure is thrown.
///
/// The clock is injected so that tests can move time.
public actor RefreshingCredentials {
    /// How long before expiry a refresh starts: five minutes, as in the AWS SDKs' advisory refresh.
    public static let defaultRefreshMargin: TimeInterval = 300
    /// How long to keep serving still-valid credentials after a failed refresh before trying again.
    public static let defaultRetryDelay: TimeInterval = 10

    /// How long before expiry a refresh starts.
    public nonisolated let refreshMargin: TimeInterval
    /// The pause after a failed refresh while the cached credentials are still valid.
    public nonisolated let retryDelay: TimeInterval
    /// How many times the provider was asked (not counting the initial credentials given).
    public private(set) var refreshCount = 0

    private let provider: any CredentialProvider
    private let now: @Sendable () -> Date
    private var cached: AWSCredentials? {
        didSet { publish() }
    }
    /// When the cached credentials are due for a refresh; `nil` for never.
    private var refreshAt: Date? {
        didSet { publish() }
    }
    /// A copy of `cached` and `refreshAt`, so that ``current()`` can answer without waiting for
    /// the actor while the credentials are fresh: every request asks, and a hop onto the actor and
    /// back costs two task switches.
    private nonisolated let fresh = Mutex<(credentials: AWSCredentials, refreshAt: Date?)?>(nil)
    /// No refresh before this time (set after a failure while the cache was still valid).
    private var retryNotBefore: Date?
    private var flight: Task<AWSCredentials?, any Error>?

    /// - Parameters:
    ///   - provider: where fresh credentials come from.
    ///   - initial: credentials already fetched from `provider`, if any (else the first call
    ///     fetches).
    ///   - refreshMargin: how long before expiry to refresh.
    ///   - retryDelay: the pause after a failed refresh while the cache is still valid.
    ///   - now: the wall clock that expirations are compared with.
    public init(provider: any CredentialProvider, initial: AWSCredentials? = nil,
                refreshMargin: TimeInterval = RefreshingCredentials.defaultRefreshMargin,
                retryDelay: TimeInterval = RefreshingCredentials.defaultRetryDelay,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.provider = provider
        self.refreshMargin = refreshMargin
        self.retryDelay = retryDelay
        self.now = now
        self.cached = initial
        let due = initial.flatMap { Self.refreshTime(for: $0, fetchedAt: now(), margin: refreshMargin) }
        self.refreshAt = due
        fresh.withLock { $0 = initial.map { ($0, due) } }
    }

    private func publish() {
        let snapshot = cached.map { (credentials: $0, refreshAt: refreshAt) }
        fresh.withLock { $0 = snapshot }
    }

    /// The credentials to sign with now.
    ///
    /// - Throws: ``ObjectStore/ObjectStoreError``: the provider's error when a refresh fails and
    ///   no valid credentials are cached; `noCredentials` when the provider no longer has any.
    public nonisolated func current() async throws -> AWSCredentials {
        if let (credentials, refreshAt) = fresh.withLock({ $0 }), refreshAt.map({ now() < $0 }) ?? true {
            return credentials
        }
        return try await currentOnActor()
    }

    private func currentOnActor() async throws -> AWSCredentials {
        let time = now()
        if let cached {
            guard let refreshAt, time >= refreshAt else { return cached }
            if let retryNotBefore, time < retryNotBefore, Self.isValid(cached, at: time) { return cached }
        }
        do {
            return try await refresh()
        } catch {
            if let cached, Self.isValid(cached, at: now()) {
                retryNotBefore = now().addingTimeInterval(retryDelay)
                return cached
            }
            throw error
        }
    }

    /// Makes the next ``current()`` fetch again (for example after S3 answered `ExpiredToken`).
    public func invalidate() {
        if cached != nil { refreshAt = .distantPast }
        retryNotBefore = nil
    }

    /// Joins the refresh in flight, or starts one.
    private func refresh() async throws -> AWSCredentials {
        let task: Task<AWSCredentials?, any Error>
        if let flight {
            task = flight
        } else {
            let provider = self.provider
            task = Task { try await provider.credentials() }
            flight = task
            refreshCount += 1
        }
        let result: Result<AWSCredentials?, any Error>
        do { result = .success(try await task.value) } catch { result = .failure(error) }
        // The first caller back from this flight ends it and stores what it brought.
        let first = flight == task
        if first { flight = nil }
        let fresh = try result.get()
        guard let fresh else {
            throw ObjectStoreError(.noCredentials, "\(provider.sourceDescription) no longer has AWS credentials")
        }
        if first {
            cached = fresh
            refreshAt = Self.refreshTime(for: fresh, fetchedAt: now(), margin: refreshMargin)
            retryNotBefore = nil
        }
        return fresh
    }

    private static func isValid(_ credentials: AWSCredentials, at time: Date) -> Bool {
        guard let expiration = credentials.expiration else { return true }
        return time < expiration
    }

    /// `margin` before expiry; for credentials that arrive with less time than that left, half
    /// of what is left (so short-lived credentials are used before being replaced); `nil` for
    /// credentials that never expire.
    static func refreshTime(for credentials: AWSCredentials, fetchedAt time: Date, margin: TimeInterval) -> Date? {
        guard let expiration = credentials.expiration else { return nil }
        let early = expiration.addingTimeInterval(-margin)
        if early > time { return early }
        return time.addingTimeInterval(max(0, expiration.timeIntervalSince(time) / 2))
    }
}
