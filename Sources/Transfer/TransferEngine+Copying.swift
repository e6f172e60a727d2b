import Digests
import ObjectStore

extension TransferEngine {
    /// Copies one object, copying it again from the start after a failure the transfer retries
    /// (``RetryScope/object``: the source changed, the bytes did not match, the destination
    /// failed to write), with the run's ``RetryLoop``. Failures of single requests were already
    /// retried by the store. Also returns how long the first attempt waited for its first byte,
    /// when it got one.
    func copyWithRetries(_ object: ObjectInfo, replaceExisting: Bool, layout: ReadLayout) async -> (CopyResult, Duration?) {
        observer(.started(object))
        progress.copyStarted()
        defer { progress.copyEnded() }
        var object = object
        var layout = layout
        var firstByte: Duration?
        var lastFailure: ObjectStoreError?
        do {
            let result = try await retrying.run(.object, willRetry: { error, retry, delay in
                observer(.retrying(object, error, attempt: retry + 1, delay: delay))
            }) { attempt -> CopyResult in
                if attempt > 1, let failure = lastFailure, failure.code == .sourceChanged {
                    // Start again from scratch with what the source holds now, in as many slots as before.
                    let fresh: ObjectInfo?
                    do { fresh = try await source.stat(object.key) } catch { return .failed(failure) }
                    guard let fresh else { return .vanished }
                    object = fresh
                    layout = options.layout(of: fresh, rangedReads: source.capabilities.rangedReads, freeSlots: layout.inFlight)
                }
                let (result, waited) = await copyOnce(object, replaceExisting: replaceExisting, layout: layout)
                if attempt == 1 { firstByte = waited }
                if case .failed(let failure) = result {
                    lastFailure = failure
                    throw failure
                }
                return result
            }
            return (result, firstByte)
        } catch let failure as ObjectStoreError where failure.code == .notFound {
            // Only the source says `notFound` (a destination that cannot write says otherwise):
            // the object was deleted since it was listed.
            return (.vanished, firstByte)
        } catch let failure as ObjectStoreError {
            return (.failed(failure), firstByte)
        } catch {
            return (.cancelled, firstByte)
        }
    }

    /// One attempt: create the pending object, stream the source into it (checking the checksum
    /// when verifying), commit; abort on any failure. Also returns the time to the first byte of a
    /// whole-object read.
    func copyOnce(_ object: ObjectInfo, replaceExisting: Bool, layout: ReadLayout) async -> (CopyResult, Duration?) {
        if Task.isCancelled { return (.cancelled, nil) }
        var expected: ContentChecksum?
        var pending: (any PendingObject)?
        var counter: CountingSink?
        do {
            if options.policy.verification == .etag, !object.key.isDirectoryMarker {
                expected = try await source.checksum(of: object)
            }
            let target = try await destination.create(object, options: CreateOptions(replaceExisting: replaceExisting))
            pending = target
            let sink = CountingSink(target, progress: progress)
            counter = sink
            if expected == nil, layout.parts.count > 1 {
                try await readInParallel(object, layout: layout, into: sink)
            } else if let expected {
                let hashing = ChecksumSink(shapedLike: expected, forwardingTo: sink)
                try await source.read(object, range: nil, into: hashing)
                let actual = hashing.finalize()
                guard actual == expected else {
                    throw ObjectStoreError(
                        .corrupt, "\(expected.kind) of the received bytes is \(actual), the source says \(expected); not saved",
                        key: object.key)
                }
            } else {
                sink.startTiming()
                try await source.read(object, range: nil, into: sink)
            }
            guard sink.count == object.size else {
                throw ObjectStoreError(.corrupt, "received \(sink.count) bytes, expected \(object.size); not saved", key: object.key)
            }
            try Task.checkCancellation()
            try await target.commit()
            pending = nil
            return (.copied(verified: expected != nil), sink.firstByteLatency)
        } catch {
            if let pending { await pending.abort() }
            let waited = counter?.firstByteLatency
            if error is CancellationError { return (.cancelled, waited) }
            guard var failure = error as? ObjectStoreError else {
                return (.failed(ObjectStoreError(.io, "\(error)", key: object.key)), waited)
            }
            if failure.code == .cancelled { return (.cancelled, waited) }
            if failure.key == nil { failure.key = object.key }
            return (.failed(failure), waited)
        }
    }

    /// Reads the ranges of a large object, `layout.inFlight` at once, each written at its own
    /// offset of the same pending object.
    func readInParallel(_ object: ObjectInfo, layout: ReadLayout, into sink: CountingSink) async throws {
        let parts = layout.parts
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            func startNext() {
                let part = parts[next]
                next += 1
                group.addTask { try await source.read(object, range: part, into: sink) }
            }
            while next < min(layout.inFlight, parts.count) { startNext() }
            while try await group.next() != nil {
                if next < parts.count { startNext() }
            }
        }
    }
}
