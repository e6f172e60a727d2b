import CurlHTTP
import ObjectStore

extension S3Store {
    /// See ``ObjectStore/list(prefix:)``: ListObjectsV2 pages (1,000 keys each) under the store's
    /// prefix plus `prefix`, with `encoding-type=url` so any key survives the XML.
    ///
    /// The listing fails (never ends early as if complete) when a page is malformed, when S3 says
    /// there is more but gives no continuation token, or when a token repeats (a loop).
    public func list(prefix: String) -> ObjectListing {
        let (stream, continuation) = ObjectListing.makeStream()
        let task = Task { [self] in
            do {
                try await listPages(prefix: prefix) { continuation.yield($0) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error is CancellationError ? ObjectStoreError(.cancelled, "listing cancelled") : error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    private func listPages(prefix: String, yield: ([ObjectInfo]) -> Void) async throws {
        let root = configuration.prefix
        let fullPrefix = root + prefix
        var token: String?
        var tokensSeen = Set<String>()
        var pages = 0
        while true {
            var query = [QueryItem("list-type", "2"), QueryItem("encoding-type", "url"), QueryItem("max-keys", "1000")]
            if !fullPrefix.isEmpty { query.append(QueryItem("prefix", fullPrefix)) }
            if let token { query.append(QueryItem("continuation-token", token)) }
            let response = try await sendSmall(key: nil) { region in
                configuration.endpoint.request("GET", bucket: configuration.bucket, region: region, query: query)
            }
            let page = try ListObjectsV2Page.parse(response.body)
            pages += 1
            var objects: [ObjectInfo] = []
            objects.reserveCapacity(page.contents.count)
            for var object in page.objects {
                guard object.key.rawValue.hasBytePrefix(root) else {
                    throw ObjectStoreError(.corrupt, "the listing of s3://\(configuration.bucket)/\(fullPrefix.escapedForDisplay) returned a key outside the prefix: \(object.key.displayName)")
                }
                object.key = ObjectKey(String(decoding: object.key.rawValue.utf8.dropFirst(root.utf8.count), as: UTF8.self))
                if object.key.rawValue.isEmpty { continue }  // the prefix's own folder marker
                objects.append(object)
            }
            if !objects.isEmpty { yield(objects) }
            switch page.continuation {
            case .complete:
                logger.debug("listed", metadata: ["pages": "\(pages)"])
                return
            case .truncatedWithoutToken:
                throw ObjectStoreError(.corrupt, "the listing of s3://\(configuration.bucket)/\(fullPrefix.escapedForDisplay) says it is truncated but gives no continuation token (page \(pages))")
            case .next(let next):
                guard tokensSeen.insert(next).inserted else {
                    throw ObjectStoreError(.corrupt, "the listing of s3://\(configuration.bucket)/\(fullPrefix.escapedForDisplay) loops: a continuation token came back twice (page \(pages))")
                }
                token = next
            }
        }
    }
}
