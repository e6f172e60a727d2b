import Digests
import Foundation
import MemoryBackend
import ObjectStore
import Synchronization

/// A source whose listing is a script of pages, for testing a streaming run: later pages can wait
/// for reads to start, reads can wait for the listing to end, and the listing can fail half way.
/// It logs `page N` and `read KEY` in the order they happen.
final class PagedSource: ObjectStore {
    struct Settings: Sendable {
        /// Pages after the first wait until this many reads have started (at most 60 s, then they
        /// come anyway and ``waitedOut`` says so).
        var pagesWaitForReads = 0
        /// Each read waits until this holds (at most 60 s).
        var readsWaitFor: (@Sendable () -> Bool)?
        /// After this many pages the listing fails with a network error.
        var failAfterPages: Int?
    }

    private let memory = MemoryStore()
    private let pages: [[ObjectKey]]
    private let settings: Settings
    private let state = Mutex<(log: [String], reads: Int, listingEnded: Bool, waitedOut: Bool)>(([], 0, false, false))

    /// `pages` lists `(key, size)` pairs; contents are `size` copies of the key's first byte.
    init(_ pages: [[(ObjectKey, Int)]], _ settings: Settings = Settings()) {
        for page in pages {
            for (key, size) in page { memory.put(key, [UInt8](repeating: key.rawValue.utf8.first ?? 0, count: size)) }
        }
        self.pages = pages.map { $0.map(\.0) }
        self.settings = settings
    }

    var log: [String] { state.withLock { $0.log } }
    var waitedOut: Bool { state.withLock { $0.waitedOut } }
    var readOrder: [String] { log.filter { $0.hasPrefix("read ") }.map { String($0.dropFirst(5)) } }

    var capabilities: StoreCapabilities { memory.capabilities }

    func list(prefix: String) -> ObjectListing {
        let (stream, continuation) = ObjectListing.makeStream()
        Task { [self] in
            for (index, keys) in pages.enumerated() {
                if settings.failAfterPages == index {
                    state.withLock { $0.listingEnded = true }
                    continuation.finish(throwing: ObjectStoreError(.network, "connection reset (injected)"))
                    return
                }
                if index > 0, settings.pagesWaitForReads > 0 {
                    if !(await waitUntil { $0.reads >= self.settings.pagesWaitForReads }) { state.withLock { $0.waitedOut = true } }
                }
                let objects = try await keys.asyncMap { try await self.memory.stat($0)! }
                state.withLock { $0.log.append("page \(index + 1)") }
                continuation.yield(objects)
            }
            state.withLock { $0.listingEnded = true }
            continuation.finish()
        }
        return stream
    }

    func stat(_ key: ObjectKey) async throws -> ObjectInfo? { try await memory.stat(key) }

    func read(_ object: ObjectInfo, range: Range<Int64>?, into sink: any ByteSink) async throws {
        state.withLock { $0.reads += 1; $0.log.append("read \(object.key.rawValue)") }
        if let condition = settings.readsWaitFor, !(await waitUntil { _ in condition() }) { state.withLock { $0.waitedOut = true } }
        try await memory.read(object, range: range, into: sink)
    }

    func create(_ object: ObjectInfo, options: CreateOptions) async throws -> any PendingObject {
        try await memory.create(object, options: options)
    }

    func location(of key: ObjectKey) -> String { "paged:\(key.rawValue)" }

    /// Polls `condition` every millisecond for up to 60 s (a loaded machine runs many suites at once); false when it never held.
    private func waitUntil(_ condition: @escaping @Sendable ((log: [String], reads: Int, listingEnded: Bool, waitedOut: Bool)) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if state.withLock({ condition($0) }) { return true }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return false
    }
}

extension Array where Element: Sendable {
    /// Maps in order with an async transform.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
