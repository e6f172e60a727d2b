import CurlHTTP
import Digests
import ObjectStore

extension S3Store {
    /// See ``ObjectStore/stat(_:)``: a HEAD of the object. A 404 is absence.
    public func stat(_ key: ObjectKey) async throws -> ObjectInfo? {
        let name = fullKey(key)
        let response = try await sendSmall(key: key, accepting: [404]) { region in
            configuration.endpoint.request("HEAD", bucket: configuration.bucket, region: region, key: name)
        }
        if response.status == 404 { return nil }
        return try ObjectHeaders(head: response.head).objectInfo(key: key)
    }

    /// See ``ObjectStore/md5(of:)``: the MD5 a plain (single-part) ETag stands for, confirmed with a
    /// HEAD: objects encrypted with SSE-KMS or SSE-C have ETags that look like MD5s but are not,
    /// and multipart ETags (`-N`) are not MD5s of the whole object. Those answer `nil` (unverified).
    public func md5(of object: ObjectInfo) async throws -> MD5Digest? {
        guard object.md5 != nil else { return nil }
        let name = fullKey(object.key)
        let response = try await sendSmall(key: object.key) { region in
            configuration.endpoint.request("HEAD", bucket: configuration.bucket, region: region, key: name)
        }
        let headers = try ObjectHeaders(head: response.head)
        if headers.serverSideEncryption == "aws:kms" || headers.serverSideEncryption == "aws:kms:dsse"
            || headers.customerKeyAlgorithm != nil {
            return nil
        }
        return headers.md5 == object.md5 ? object.md5 : nil
    }

    /// See ``ObjectStore/checksum(of:)``: a plain ETag's MD5 (as ``md5(of:)``), or for a multipart
    /// ETag (`<hex>-N`) the multipart form with the object's part size, learnt from a HEAD of part 1
    /// (`partNumber=1`). Uploads whose part count does not follow from that size (parts of
    /// varying sizes), and encrypted objects, answer `nil` (unverified).
    public func checksum(of object: ObjectInfo) async throws -> ContentChecksum? {
        if let md5 = try await md5(of: object) { return ContentChecksum(md5: md5) }
        guard let etag = object.etag, let (digest, parts) = ContentChecksum.multipartETag(etag),
              let first = try await firstPart(of: object, parts: parts), !first.encrypted else { return nil }
        return ContentChecksum(multipart: digest, partSize: first.size, partCount: parts)
    }

    /// See ``ObjectStore/partwiseCheck(of:stored:)``: for an object with a multipart ETag, the part
    /// size from a HEAD of part 1, and the composite checksum in `stored` (or a bare CRC or SHA
    /// value whose kind the server left unsaid), else the multipart ETag unless encrypted.
    public func partwiseCheck(of object: ObjectInfo, stored: StoredChecksum?) async throws -> PartwiseCheck? {
        guard let etag = object.etag, let (digest, parts) = ContentChecksum.multipartETag(etag),
              let first = try await firstPart(of: object, parts: parts) else { return nil }
        if let stored, stored.partCount == parts || !stored.kindIsStated {
            return PartwiseCheck(digest: .checksum(stored.algorithm), partSize: first.size, partCount: parts, value: stored.value,
                                 mayBeFullObject: !stored.kindIsStated && CRCCombination.supports(stored.algorithm))
        }
        guard !first.encrypted else { return nil }
        return PartwiseCheck(digest: .md5, partSize: first.size, partCount: parts, value: digest.bytes)
    }

    /// The size of part 1 of an object uploaded in `parts` parts (a HEAD with `partNumber=1`), and
    /// whether it is encrypted with SSE-KMS or SSE-C (whose ETags are not MD5s); `nil` when the
    /// part count does not follow from that size, or the server does not say.
    private func firstPart(of object: ObjectInfo, parts: Int) async throws -> (size: Int64, encrypted: Bool)? {
        let name = fullKey(object.key)
        let response = try await sendSmall(key: object.key) { region in
            // No If-Match: some servers compare it with the part's ETag. An object replaced
            // meanwhile fails its check and is read again from a fresh listing entry.
            configuration.endpoint.request("HEAD", bucket: configuration.bucket, region: region, key: name,
                                           query: [QueryItem("partNumber", "1")])
        }
        let headers = try ObjectHeaders(head: response.head)
        guard let partSize = headers.contentLength, partSize > 0,
              headers.partsCount == nil || headers.partsCount == parts,
              (object.size + partSize - 1) / partSize == Int64(parts) else { return nil }
        let encrypted = headers.serverSideEncryption == "aws:kms" || headers.serverSideEncryption == "aws:kms:dsse"
            || headers.customerKeyAlgorithm != nil
        return (partSize, encrypted)
    }

    /// See ``ObjectStore/read(_:range:into:)``: a GET whose body curl pushes straight into `sink`.
    ///
    /// The request carries `If-Match` with the listed ETag, so an object replaced since the listing
    /// fails with `sourceChanged` rather than mixing two versions. A transient failure is retried
    /// by the run's ``RetryLoop``; a body that broke off resumes from the last byte received with a
    /// `Range` request (same `If-Match`). A 0-byte object is fetched without a `Range` header.
    public func read(_ object: ObjectInfo, range: Range<Int64>?, into sink: any ByteSink) async throws {
        let wanted = range ?? 0..<object.size
        guard wanted.lowerBound >= 0, wanted.upperBound <= object.size else {
            throw ObjectStoreError(.invalidArgument, "range \(wanted) is outside the object's \(object.size) bytes", key: object.key)
        }
        let counter = DeliveryCounter(sink)
        _ = try await fetch(object, wanted, into: counter, front: counter, askingForChecksums: false)
    }

    /// See ``ObjectStore/readChecked(_:into:)``: ``read(_:range:into:)`` of the whole object, whose
    /// GET asks for the stored checksums (`x-amz-checksum-mode: ENABLED`) and whose body a
    /// ``BodyCheck`` hashes as it streams.
    public func readChecked(_ object: ObjectInfo, into sink: any ByteSink) async throws -> IntegrityCheck {
        let counter = DeliveryCounter(sink)
        let check = BodyCheck(forwardingTo: counter)
        let head = try await fetch(object, 0..<object.size, into: counter, front: check, askingForChecksums: true)
        return try check.verify(lastHead: head, key: object.key)
    }

    /// See ``ObjectStore/storedChecksum(of:)``: a HEAD asking for checksums, under `If-Match`;
    /// full-object or composite, as the answer says.
    public func storedChecksum(of object: ObjectInfo) async throws -> StoredChecksum? {
        let name = fullKey(object.key)
        let response = try await sendSmall(key: object.key, accepting: [412]) { region in
            var request = configuration.endpoint.request("HEAD", bucket: configuration.bucket, region: region, key: name)
            request.setHeader("x-amz-checksum-mode", "ENABLED")
            if let etag = object.etag { request.setHeader("If-Match", etag) }
            return request
        }
        if response.status == 412 { throw changedSinceListed(object, name: name) }
        return try ObjectHeaders(head: response.head).storedChecksum
    }

    /// See ``ObjectStore/readAfresh(_:)``: every later GET of the object asks curl for a new
    /// connection. Kept for the run (only objects that failed a check are named; past 4,096 the
    /// set starts over).
    public func readAfresh(_ object: ObjectInfo) {
        state.withLock { state in
            if state.freshReads.count >= 4096 { state.freshReads.removeAll() }
            state.freshReads.insert(object.key)
        }
    }

    /// The failure of a request under `If-Match` that S3 refused (412): the object is no longer the
    /// one listed, and the caller starts over from a fresh stat.
    private func changedSinceListed(_ object: ObjectInfo, name: String, cause: ObjectStoreError.Cause? = nil) -> ObjectStoreError {
        ObjectStoreError(.sourceChanged, "s3://\(configuration.bucket)/\(name.escapedForDisplay) changed since it was listed", key: object.key, cause: cause)
    }

    /// Reads `wanted` of `object` through the run's ``RetryLoop``, curl writing into `front` (the
    /// counter itself, or a sink in front of it); `counter` says where a broken body resumes.
    /// Returns the last response's head.
    private func fetch(_ object: ObjectInfo, _ wanted: Range<Int64>, into counter: DeliveryCounter, front: any ByteSink,
                       askingForChecksums: Bool) async throws -> HTTPResponseHead {
        var corrections = Corrections()
        var last = HTTPResponseHead(status: 0)
        try await retrying.run(.request) { attempt in
            if attempt > 1, counter.delivered > 0 {
                logger.debug("resuming a broken body", metadata: [
                    "key": "\(object.key.displayName)", "offset": "\(wanted.lowerBound + counter.delivered)",
                ])
            }
            last = try await get(object, wanted, into: counter, front: front, askingForChecksums: askingForChecksums, &corrections)
        }
        return last
    }

    /// One attempt at the part of `wanted` that `counter` has not received yet, corrected once
    /// for a redirect, clock skew or expired credentials. Returns the response's head.
    private func get(_ object: ObjectInfo, _ wanted: Range<Int64>, into counter: DeliveryCounter, front: any ByteSink,
                     askingForChecksums: Bool, _ corrections: inout Corrections) async throws -> HTTPResponseHead {
        let name = fullKey(object.key)
        while true {
            try Task.checkCancellation()
            let offset = wanted.lowerBound + counter.delivered
            let ranged = offset > 0 || wanted.upperBound < object.size
            if ranged, offset == wanted.upperBound { return HTTPResponseHead(status: 206) }  // resumed exactly at the end
            let region = try await currentRegion()
            var request = configuration.endpoint.request("GET", bucket: configuration.bucket, region: region, key: name)
            if ranged {
                request.setHeader("Range", "bytes=\(offset)-\(wanted.upperBound - 1)")
                // The ranges of one object go to one event loop: one thread writes its file.
                request.loopAffinity = UInt64(bitPattern: Int64(object.key.hashValue))
            }
            if let etag = object.etag { request.setHeader("If-Match", etag) }
            if askingForChecksums { request.setHeader("x-amz-checksum-mode", "ENABLED") }
            request.freshConnection = state.withLock { !$0.freshReads.isEmpty && $0.freshReads.contains(object.key) }
            try await sign(&request, region: region)
            let response = try await client.stream(request, into: front, at: offset)
            let status = response.head.status
            if status == 200 || status == 206 {
                let end = offset + response.bytesDelivered
                guard end == wanted.upperBound else {
                    throw ObjectStoreError(.sourceChanged, "received \(end - wanted.lowerBound) bytes, the listing said \(wanted.count)", key: object.key)
                }
                return response.head
            }
            let answer = S3ErrorResponse(head: response.head, body: response.errorBody)
            let failure = answer.objectStoreError(bucket: configuration.bucket, key: object.key)
            if failure.code == .preconditionFailed {
                // Asking again with the same ETag cannot help: the caller starts over from a fresh stat.
                throw changedSinceListed(object, name: name, cause: failure.cause)
            }
            try await correct(after: failure, answer: answer, &corrections)
        }
    }
}

/// Passes bytes on and counts them, so a broken transfer knows where to resume.
final class DeliveryCounter: ByteSink {
    private let downstream: any ByteSink
    private(set) var delivered: Int64 = 0

    init(_ downstream: any ByteSink) {
        self.downstream = downstream
    }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws {
        try downstream.write(bytes, at: offset)
        delivered += Int64(bytes.count)
    }
}
