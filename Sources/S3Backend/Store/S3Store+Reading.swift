import CurlHTTP
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
        guard let etag = object.etag, let (digest, parts) = ContentChecksum.multipartETag(etag) else { return nil }
        let name = fullKey(object.key)
        let response = try await sendSmall(key: object.key) { region in
            configuration.endpoint.request("HEAD", bucket: configuration.bucket, region: region, key: name,
                                           query: [QueryItem("partNumber", "1")])
        }
        let headers = try ObjectHeaders(head: response.head)
        guard headers.serverSideEncryption != "aws:kms", headers.serverSideEncryption != "aws:kms:dsse",
              headers.customerKeyAlgorithm == nil,
              let partSize = headers.contentLength, partSize > 0,
              headers.partsCount == nil || headers.partsCount == parts,
              (object.size + partSize - 1) / partSize == Int64(parts) else { return nil }
        return ContentChecksum(multipart: digest, partSize: partSize, partCount: parts)
    }

    /// See ``ObjectStore/read(_:range:into:)``: a GET whose body curl pushes straight into `sink`.
    ///
    /// The request carries `If-Match` with the listed ETag, so an object replaced since the listing
    /// fails with `sourceChanged` rather than mixing two versions. A body that breaks off is resumed
    /// from the last byte received with a `Range` request (same `If-Match`), up to the configured
    /// number of retries. A 0-byte object is fetched without a `Range` header.
    public func read(_ object: ObjectInfo, range: Range<Int64>?, into sink: any ByteSink) async throws {
        let wanted = range ?? 0..<object.size
        guard wanted.lowerBound >= 0, wanted.upperBound <= object.size else {
            throw ObjectStoreError(.invalidArgument, "range \(wanted) is outside the object's \(object.size) bytes", key: object.key)
        }
        let name = fullKey(object.key)
        let counter = DeliveryCounter(sink)
        var offset = wanted.lowerBound
        var attempts = Attempts()
        while true {
            try Task.checkCancellation()
            let ranged = offset > 0 || wanted.upperBound < object.size
            if ranged, offset == wanted.upperBound { return }  // resumed exactly at the end
            let region = try await currentRegion()
            var request = configuration.endpoint.request("GET", bucket: configuration.bucket, region: region, key: name)
            if ranged { request.setHeader("Range", "bytes=\(offset)-\(wanted.upperBound - 1)") }
            if let etag = object.etag { request.setHeader("If-Match", etag) }
            try await sign(&request, region: region)
            let before = counter.delivered
            let response: CurlHTTPClient.StreamedResponse
            do {
                response = try await client.stream(request, into: counter, at: offset)
            } catch let error as ObjectStoreError where error.code == .network && attempts.count <= configuration.retries {
                offset += counter.delivered - before
                attempts.count += 1
                logger.debug("resuming a broken body", metadata: ["key": "\(object.key.displayName)", "offset": "\(offset)"])
                try await pause(beforeAttempt: attempts.count, after: error)
                continue
            }
            let status = response.head.status
            if status == 200 || status == 206 {
                offset += response.bytesDelivered
                guard offset == wanted.upperBound else {
                    throw ObjectStoreError(.sourceChanged, "received \(offset - wanted.lowerBound) bytes, the listing said \(wanted.count)", key: object.key)
                }
                return
            }
            let answer = S3ErrorResponse(head: response.head, body: response.errorBody)
            let failure = answer.objectStoreError(bucket: configuration.bucket, key: object.key)
            if failure.code == .preconditionFailed {
                // Asking again with the same ETag cannot help: the caller starts over from a fresh stat.
                throw ObjectStoreError(.sourceChanged, "s3://\(configuration.bucket)/\(name.escapedForDisplay) changed since it was listed", key: object.key, cause: failure.cause)
            }
            try await recover(from: failure, answer: answer, attempts: &attempts)
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
