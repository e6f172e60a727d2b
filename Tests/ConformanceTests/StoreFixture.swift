import MemoryBackend
import ObjectStore
import Testing

/// One backend under test: how to make a fresh, empty store, and what it declares it can do.
///
/// Every conformance test takes its fixture as an argument, so the contract is written once and a new
/// backend is added by adding a fixture to ``all``. Each test case gets its own store.
struct StoreFixture: Sendable, CustomTestStringConvertible {
    /// A fresh empty store and how to dispose of it.
    typealias Instance = (store: any ObjectStore, cleanup: @Sendable () -> Void)

    let name: String
    /// What the store must report as its ``ObjectStore/capabilities``; capability-specific tests
    /// select fixtures by it (checked by `ContractCapabilityTests`).
    let capabilities: StoreCapabilities
    let make: @Sendable () async throws -> Instance
    /// Keys the server behind this fixture cannot hold (a limit of the test server, not of the
    /// backend); the special-key cases skip them for this fixture only.
    var refusedKeys: Set<ObjectKey> = []

    var testDescription: String { name }

    /// Every backend the contract runs against.
    static let all: [StoreFixture] = [.memory, .file, .s3]

    /// The fixtures whose stores have a capability.
    static func having(_ capability: @Sendable (StoreCapabilities) -> Bool) -> [StoreFixture] {
        all.filter { capability($0.capabilities) }
    }

    /// Runs `body` with a fresh store, disposing of it afterwards whatever happens.
    func withStore(_ body: (any ObjectStore) async throws -> Void) async throws {
        let instance = try await make()
        defer { instance.cleanup() }
        try await body(instance.store)
    }
}

extension StoreFixture {
    static let memory = StoreFixture(
        name: "memory",
        capabilities: StoreCapabilities(
            rangedReads: true, writable: true, preservesModificationTime: true,
            hierarchicalNamespace: false, computesMD5ByReading: true),
        make: { (MemoryStore(pageSize: 7), {}) }  // a small page size makes listings span pages
    )
}
