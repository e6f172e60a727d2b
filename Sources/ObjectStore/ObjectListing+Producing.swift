extension ObjectListing {
    /// A listing whose pages `produce` yields from a task of its own, cancelled when the listing
    /// is dropped. It finishes when `produce` returns, or with what it throws (a cancellation
    /// as `cancelled`, so that a cancelled listing never looks like a complete one).
    public static func producing(_ produce: @escaping @Sendable (_ yield: ([ObjectInfo]) -> Void) async throws -> Void) -> ObjectListing {
        let (stream, continuation) = makeStream()
        let task = Task {
            do {
                try await produce { continuation.yield($0) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error is CancellationError ? ObjectStoreError(.cancelled, "listing cancelled") : error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}
