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

    /// Whether copies are counted by the check that verified them: they are checked against a
    /// source that keeps checksums, or compared by ETag (`--verify etag`).
    var countsChecks: Bool {
        (options.checksCopies && source.capabilities.keepsChecksums) || options.policy.verification == .etag
    }

    /// One attempt: create the pending object, stream the source into it (checking its bytes on
    /// the way, see ``read(_:layout:into:expected:)``), commit; abort on any failure. Also returns
    /// the time to the first byte of a whole-object read.
    func copyOnce(_ object: ObjectInfo, replaceExisting: Bool, layout: ReadLayout) async -> (CopyResult, Duration?) {
        if Task.isCancelled { return (.cancelled, nil) }
        var pending: (any PendingObject)?
        var resumable: (any ResumablePendingObject)?
        var counter: CountingSink?
        do {
            var expected: ContentChecksum?
            if options.policy.verification == .etag, !object.key.isDirectoryMarker {
                expected = try await source.checksum(of: object)
            }
            var layout = layout
            let ranged = layout.parts.count > 1 && expected == nil
            let stored = ranged && checksCopies(of: object) ? try await source.storedChecksum(of: object) : nil
            let creating = CreateOptions(replaceExisting: replaceExisting)
            let target: any PendingObject
            if ranged, stored.map({ CRCCombination.supports($0.algorithm) }) ?? true, let etag = object.etag,
               let resuming = try await destination.createResumable(
                   object, plan: ResumePlan(etag: etag, checksumAlgorithm: stored?.algorithm.rawValue, partSize: Int64(layout.parts[0].count)),
                   options: creating) {
                resumable = resuming
                target = resuming
                layout.parts = resuming.parts
            } else {
                target = try await destination.create(object, options: creating)
            }
            pending = target
            let sink = CountingSink(target, progress: progress)
            counter = sink
            if let resumable {
                sink.credit(resumable.completedParts.keys.reduce(Int64(0)) { $0 + Int64(layout.parts[$1].count) })
            }
            let check = try await read(object, layout: layout, into: sink, expected: expected, stored: stored, resumable: resumable)
            guard sink.count == object.size else {
                throw ObjectStoreError(.corrupt, "received \(sink.count) bytes, expected \(object.size); not saved", key: object.key)
            }
            try Task.checkCancellation()
            try await target.commit()
            pending = nil
            return (.copied(check), sink.firstByteLatency)
        } catch {
            if let resumable, Self.keepsParts(after: error) {
                await resumable.suspend()
            } else if let pending {
                await pending.abort()
            }
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

    /// Whether a resumable write keeps its finished parts after `error`: an interrupt, or a
    /// failure of the way there (the network, the service, the run's retry budget), not of the
    /// bytes (`corrupt`), of the object (`sourceChanged`) or of the destination.
    static func keepsParts(after error: any Error) -> Bool {
        if error is CancellationError { return true }
        guard let failure = error as? ObjectStoreError else { return false }
        return failure.code.retryScope == .request || failure.code == .cancelled || failure.code == .unavailable
    }

    /// Whether `object`'s new copy is checked against what the source keeps for it.
    func checksCopies(of object: ObjectInfo) -> Bool {
        options.checksCopies && source.capabilities.keepsChecksums && !object.key.isDirectoryMarker
    }

    /// Streams `object` into `sink` and returns the strongest check its bytes passed:
    /// - under `--verify etag` with a source checksum (`expected`), one stream hashed in the
    ///   ETag's form (and checked by the source as well, when copies are checked);
    /// - a large object read in ranges side by side: each range's CRC, combined and compared with
    ///   the object's stored full-object CRC (``ObjectStore/storedChecksum(of:)``). An object whose
    ///   stored checksum is a SHA digest, which does not combine, is read as one stream instead;
    /// - else one stream through ``ObjectStore/readChecked(_:into:)``.
    ///
    /// - Throws: `corrupt` when the bytes fail a check (they went to the sink: never commit them).
    /// `stored` is the object's stored checksum for a ranged read (asked before the write was
    /// opened); `resumable`, a write whose completed parts are not read again.
    func read(_ object: ObjectInfo, layout: ReadLayout, into sink: CountingSink, expected: ContentChecksum?,
              stored: StoredChecksum?, resumable: (any ResumablePendingObject)?) async throws -> IntegrityCheck {
        let checking = checksCopies(of: object)
        if let expected {
            let hashing = ChecksumSink(shapedLike: expected, forwardingTo: sink)
            var sourceCheck = IntegrityCheck.sizeOnly
            if checking {
                sourceCheck = try await source.readChecked(object, into: hashing)
            } else {
                try await source.read(object, range: nil, into: hashing)
            }
            let actual = hashing.finalize()
            guard actual == expected else {
                throw ObjectStoreError(
                    .corrupt, "\(expected.kind) of the received bytes is \(actual), the source says \(expected); not saved",
                    key: object.key)
            }
            return min(sourceCheck, expected.partSize == nil ? .md5ETag : .multipartETag)
        }
        if layout.parts.count > 1 {
            if let stored, !CRCCombination.supports(stored.algorithm) {
                return try await source.readChecked(object, into: sink)
            }
            return try await readInParallel(object, layout: layout, into: sink, against: stored, resumable: resumable)
        }
        sink.startTiming()
        if checking { return try await source.readChecked(object, into: sink) }
        try await source.read(object, range: nil, into: sink)
        return .sizeOnly
    }

    /// Reads the ranges of a large object, `layout.inFlight` at once, each written at its own
    /// offset of the same pending object; with a `stored` full-object CRC, each range's CRC is
    /// computed on the way and the combination compared with it. Into a `resumable` write, the
    /// parts it already has are not read (their recorded CRCs join the combination), and each
    /// part read is recorded as complete.
    func readInParallel(_ object: ObjectInfo, layout: ReadLayout, into sink: CountingSink, against stored: StoredChecksum?,
                        resumable: (any ResumablePendingObject)?) async throws -> IntegrityCheck {
        let parts = layout.parts
        var checksums = [[UInt8]](repeating: [], count: parts.count)
        let done = resumable?.completedParts ?? [:]
        for (index, checksum) in done { checksums[index] = checksum }
        let missing = parts.indices.filter { done[$0] == nil }
        try await withThrowingTaskGroup(of: (Int, [UInt8]).self) { group in
            var next = 0
            func startNext() {
                let index = missing[next]
                let part = parts[index]
                next += 1
                group.addTask {
                    var checksum: [UInt8] = []
                    if let stored {
                        let hashing = RangeChecksumSink(stored.algorithm, forwardingTo: sink, from: part.lowerBound)
                        try await source.read(object, range: part, into: hashing)
                        checksum = hashing.finalize()
                    } else {
                        try await source.read(object, range: part, into: sink)
                    }
                    try resumable?.partCompleted(index, checksum: checksum)
                    return (index, checksum)
                }
            }
            while next < min(layout.inFlight, missing.count) { startNext() }
            while let (index, checksum) = try await group.next() {
                checksums[index] = checksum
                if next < missing.count { startNext() }
            }
        }
        guard let stored else { return .sizeOnly }
        var whole = checksums[0]
        for index in 1..<parts.count {
            guard let combined = CRCCombination.combine(stored.algorithm, whole, then: checksums[index], secondLength: Int64(parts[index].count)) else {
                return .sizeOnly
            }
            whole = combined
        }
        guard whole == stored.value else {
            throw ObjectStoreError(
                .corrupt, "\(stored.algorithm.rawValue) of the received bytes (combined from \(parts.count) ranges) is \(StoredChecksum.base64(whole)), the source keeps \(stored.encoded); not saved",
                key: object.key)
        }
        return .storedChecksum(stored.algorithm)
    }
}
