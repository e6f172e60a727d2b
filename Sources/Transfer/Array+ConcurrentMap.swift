extension Array where Element: Sendable {
    /// Maps with at most `limit` transforms running at once; results keep the input order.
    func concurrentMap<Result: Sendable>(
        limit: Int, _ transform: @escaping @Sendable (Element) async throws -> Result
    ) async throws -> [Result] {
        try await withThrowingTaskGroup(of: (Int, Result).self) { group in
            var results = [Result?](repeating: nil, count: count)
            var next = 0
            func startNext() {
                let index = next
                let element = self[index]
                group.addTask { (index, try await transform(element)) }
                next += 1
            }
            while next < Swift.min(limit, count) { startNext() }
            while let (index, result) = try await group.next() {
                results[index] = result
                if next < count { startNext() }
            }
            return results.map { $0! }
        }
    }
}
