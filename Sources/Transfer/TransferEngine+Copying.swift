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
                    layout = self.layout(of: fresh, freeSlots: layout.inFlight)
                }
                let (result, waited) = await copyOnce(object, replaceExisting: replaceExisting, layout: layout)
                if attempt == 1 { firstByte = waited }
                if case .failed(let failure) = result {
                    lastFailure = failure
                    // Bytes that failed a check come again on new connections.
                    if failure.code == .corrupt { source.readAfresh(object) }
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
            let (stored, partwise) = expected == nil ? try await checks(of: object, ranged: layout.parts.count > 1) : (nil, nil)
            if let partwise {
                // An object read in ranges is read in its upload's own parts, so that each range
                // is one part; one read whole is hashed part by part as it streams.
                if layout.parts.count > 1 { layout.parts = partwise.parts(ofSize: object.size) }
            }
            let ranged = layout.parts.count > 1 && expected == nil
            let creating = CreateOptions(replaceExisting: replaceExisting)
            let target: any PendingObject
            let journalled = partwise.map { "parts \($0.digest.name)" } ?? stored?.algorithm.rawValue
            if ranged, partwise != nil || stored.map({ CRCCombination.supports($0.algorithm) }) ?? true, let etag = object.etag,
               let resuming = try await destination.createResumable(
                   object, plan: ResumePlan(etag: etag, checksumAlgorithm: journalled, partSize: Int64(layout.parts[0].count)),
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
            let check = try await read(object, layout: layout, into: sink, expected: expected, stored: stored, partwise: partwise,
                                       resumable: resumable)
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

    /// What `object`'s new copy is checked against before it is read, when that must be known up
    /// front: the stored full-object checksum of an object read in ranges (the ranges' CRCs are
    /// combined), or for an object uploaded in parts (a multipart ETag) without one, the check in
    /// its upload's layout (a composite checksum, else the multipart ETag). Objects read as one
    /// stream otherwise are checked by the store's ``ObjectStore/readChecked(_:into:)``.
    func checks(of object: ObjectInfo, ranged: Bool) async throws -> (StoredChecksum?, PartwiseCheck?) {
        guard checksCopies(of: object) else { return (nil, nil) }
        guard ranged || object.isUploadedInParts else { return (nil, nil) }
        let stored = try await source.storedChecksum(of: object)
        if let stored, stored.isOfWholeObject(object) { return (stored, nil) }
        guard object.isUploadedInParts else { return (nil, nil) }
        return (nil, try await source.partwiseCheck(of: object, stored: stored))
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
    /// - with a `partwise` check (an object uploaded in parts without a full-object checksum):
    ///   its upload's parts read side by side, or one stream hashed part by part (``PartwiseSink``);
    /// - else one stream through ``ObjectStore/readChecked(_:into:)``.
    ///
    /// - Throws: `corrupt` when the bytes fail a check (they went to the sink: never commit them).
    /// `stored` is the object's stored checksum for a ranged read (asked before the write was
    /// opened); `resumable`, a write whose completed parts are not read again.
    func read(_ object: ObjectInfo, layout: ReadLayout, into sink: CountingSink, expected: ContentChecksum?,
              stored: StoredChecksum?, partwise: PartwiseCheck?, resumable: (any ResumablePendingObject)?) async throws -> IntegrityCheck {
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
        if let partwise {
            if layout.parts.count > 1 {
                return try await readInParallel(object, layout: layout, into: sink, against: .partwise(partwise), resumable: resumable)
            }
            let hashing = PartwiseSink(partwise, forwardingTo: sink)
            sink.startTiming()
            try await source.read(object, range: nil, into: hashing)
            return try RangedCheck.partwise(partwise).verify(hashing.finalize(), parts: partwise.parts(ofSize: object.size), key: object.key)
        }
        if layout.parts.count > 1 {
            if let stored, !CRCCombination.supports(stored.algorithm) {
                return try await source.readChecked(object, into: sink)
            }
            return try await readInParallel(object, layout: layout, into: sink, against: stored.map { .fullObject($0) }, resumable: resumable)
        }
        sink.startTiming()
        if checking { return try await source.readChecked(object, into: sink) }
        try await source.read(object, range: nil, into: sink)
        return .sizeOnly
    }

    /// Reads the ranges of a large object, up to `layout.inFlight` at once as the run's
    /// ``RangeBudget`` allows (always at least one), each written at its own
    /// offset of the same pending object. With a check, each range's digest is computed on the
    /// way: a stored full-object CRC is compared with the ranges' CRCs combined; a part-wise check
    /// (the ranges are then the upload's parts) with the digest of the parts' digests. Into a
    /// `resumable` write, the parts it already has are not read (their recorded digests join the
    /// rest), and each part read is recorded as complete.
    func readInParallel(_ object: ObjectInfo, layout: ReadLayout, into sink: CountingSink, against check: RangedCheck?,
                        resumable: (any ResumablePendingObject)?) async throws -> IntegrityCheck {
        let parts = layout.parts
        var digests = [[UInt8]](repeating: [], count: parts.count)
        let done = resumable?.completedParts ?? [:]
        for (index, digest) in done { digests[index] = digest }
        let missing = parts.indices.filter { done[$0] == nil }
        let digest = check?.digest
        let budget = rangeBudget
        let progress = progress
        try await withThrowingTaskGroup(of: (Int, [UInt8]).self) { group in
            var next = 0
            var running = 0
            /// Starts the next missing range if the object's slots and the run's width allow.
            func startNext() -> Bool {
                guard next < missing.count, running < layout.inFlight, budget.tryStart(isFirst: running == 0) else { return false }
                let index = missing[next]
                let part = parts[index]
                next += 1
                running += 1
                group.addTask {
                    var value: [UInt8] = []
                    do {
                        // The budget hears of the range when its bytes are in, before the journal.
                        let began = ContinuousClock.now
                        var read: Int64?   // stays nil when the range fails
                        defer { budget.finished(bytes: read, lasted: ContinuousClock.now - began, runBytes: progress.bytesSoFar) }
                        if let digest {
                            let hashing = RangeChecksumSink(digest, forwardingTo: sink, from: part.lowerBound)
                            try await source.read(object, range: part, into: hashing)
                            value = hashing.finalize()
                        } else {
                            try await source.read(object, range: part, into: sink)
                        }
                        read = Int64(part.count)
                    }
                    try resumable?.partCompleted(index, checksum: value)
                    return (index, value)
                }
                return true
            }
            while startNext() {}
            while let (index, value) = try await group.next() {
                running -= 1
                digests[index] = value
                while startNext() {}
            }
        }
        guard let check else { return .sizeOnly }
        return try check.verify(digests, parts: parts, key: object.key)
    }
}
