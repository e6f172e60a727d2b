@testable import CurlHTTP
import Testing

@Suite("ReceiveBufferBudget")
struct ReceiveBufferBudgetTests {
    @Test("full buffers while the budget lasts, then 16 KiB ones")
    func fullThenSmall() {
        var budget = ReceiveBufferBudget(fullSize: 64 << 10, budget: 200 << 10)
        let sizes = (0..<5).map { _ in budget.nextSize() }
        #expect(sizes == [64 << 10, 64 << 10, 64 << 10, 16 << 10, 16 << 10])
        #expect(budget.given == 224 << 10)
    }

    @Test("the client's default budget gives 128 connections full buffers across its loops")
    func defaultBudget() {
        let configuration = CurlHTTPClient.Configuration(maximumConnections: 100)
        var budget = ReceiveBufferBudget(fullSize: configuration.receiveBufferSize, budget: configuration.receiveBufferBudget / 2)
        let sizes = (0..<100).map { _ in budget.nextSize() }
        #expect(sizes.filter { $0 == 64 << 10 }.count == 64)
        #expect(sizes.filter { $0 == 16 << 10 }.count == 36)
    }
}
