import ObjectStore
import Testing

struct ContractCapabilityTests {
    /// Capability-specific tests pick fixtures by what the fixture declares; this keeps that honest.
    @Test(arguments: StoreFixture.all)
    func storeReportsTheDeclaredCapabilities(fixture: StoreFixture) async throws {
        try await fixture.withStore { store in
            #expect(store.capabilities == fixture.capabilities)
        }
    }
}
