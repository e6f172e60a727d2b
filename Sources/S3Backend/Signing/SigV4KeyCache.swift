import Synchronization

/// The last SigV4 signing key derived, kept for the next request of the same day.
///
/// A signing key depends only on the secret, the date stamp, the region and the service, so every
/// request of a day shares one; deriving it takes four chained HMACs. A store hands one cache to
/// each signer it makes; a signer without a cache derives the key each time. The key is as
/// sensitive as the secret for its day: it stays in memory, internal, never described.
final class SigV4KeyCache: Sendable {
    private struct Entry {
        var secret: String
        var dateStamp: String
        var region: String
        var service: String
        var key: [UInt8]
    }

    private let last = Mutex<Entry?>(nil)

    init() {}

    /// The cached key for these inputs, or the one `derive` makes (then cached).
    func key(secret: String, dateStamp: String, region: String, service: String, derive: () -> [UInt8]) -> [UInt8] {
        let cached = last.withLock { entry -> [UInt8]? in
            guard let entry, entry.dateStamp == dateStamp, entry.region == region, entry.service == service,
                  entry.secret == secret else { return nil }
            return entry.key
        }
        if let cached { return cached }
        let key = derive()
        last.withLock { $0 = Entry(secret: secret, dateStamp: dateStamp, region: region, service: service, key: key) }
        return key
    }
}
