import CurlHTTP
import ObjectStore

extension S3Store {
    /// See ``ObjectStore/list(prefix:)``: ListObjectsV2 pages (1,000 keys each, see
    /// ``Configuration/listingPageSize``) under the store's
    /// prefix plus `prefix`, with `encoding-type=url` so any key survives the XML.
    ///
    /// The listing fails (never ends early as if complete) when a page is malformed, when S3 says
    /// there is more but gives no continuation token, or when a token repeats (a loop).
    public func list(prefix: String) -> ObjectListing {
        ObjectListing.producing { [self] yield in try await listPages(prefix: prefix, yield: yield) }
    }

    private func listPages(prefix: String, yield: ([ObjectInfo]) -> Void) async throws {
        let fullPrefix = configuration.prefix + prefix
        var token: String?
        var tokensSeen = Set<String>()
        var pages = 0
        while true {
            let page = try await requestListingPage(fullPrefix: fullPrefix, token: token)
            pages += 1
            let objects = try relativeObjects(of: page, fullPrefix: fullPrefix)
            if !objects.isEmpty { yield(objects) }
            guard let next = try nextToken(after: page, fullPrefix: fullPrefix, pages: pages, seen: &tokensSeen) else {
                logger.debug("listed", metadata: ["pages": "\(pages)"])
                return
            }
            token = next
        }
    }

    /// One ListObjectsV2 page under `fullPrefix` (the store's prefix included), grouped by `/` when
    /// `delimited`, after `startAfter` (a full key) or from `token`, of at most `maxKeys` entries
    /// (default: the configuration's ``Configuration/listingPageSize``).
    func requestListingPage(fullPrefix: String, delimited: Bool = false, startAfter: String? = nil, maxKeys: Int? = nil,
                            token: String?) async throws -> ListObjectsV2Page {
        var query = [QueryItem("list-type", "2"), QueryItem("encoding-type", "url"),
                     QueryItem("max-keys", String(maxKeys ?? configuration.listingPageSize))]
        if !fullPrefix.isEmpty { query.append(QueryItem("prefix", fullPrefix)) }
        if delimited { query.append(QueryItem("delimiter", "/")) }
        if let startAfter, token == nil { query.append(QueryItem("start-after", startAfter)) }
        if let token { query.append(QueryItem("continuation-token", token)) }
        let response = try await sendSmall(key: nil) { region in
            configuration.endpoint.request("GET", bucket: configuration.bucket, region: region, query: query)
        }
        return try ListObjectsV2Page.parse(response.body)
    }

    /// The page's objects with keys relative to the store's root (its own folder marker left out).
    ///
    /// - Throws: `corrupt` for a key outside the root.
    func relativeObjects(of page: ListObjectsV2Page, fullPrefix: String) throws -> [ObjectInfo] {
        let root = configuration.prefix
        var objects: [ObjectInfo] = []
        objects.reserveCapacity(page.contents.count)
        for var object in page.objects {
            guard object.key.rawValue.hasBytePrefix(root) else {
                throw ObjectStoreError(.corrupt, "the listing of s3://\(configuration.bucket)/\(fullPrefix.escapedForDisplay) returned a key outside the prefix: \(object.key.displayName)")
            }
            object.key = ObjectKey(relativeKey(object.key.rawValue))
            if object.key.rawValue.isEmpty { continue }  // the prefix's own folder marker
            objects.append(object)
        }
        return objects
    }

    /// A full key (or common prefix) of the bucket relative to the store's root.
    func relativeKey(_ full: String) -> String {
        String(decoding: full.utf8.dropFirst(configuration.prefix.utf8.count), as: UTF8.self)
    }

    /// The token of the page after `page`, `nil` when the listing is complete.
    ///
    /// - Throws: `corrupt` when S3 says there is more but gives no token, or a token repeats.
    func nextToken(after page: ListObjectsV2Page, fullPrefix: String, pages: Int, seen: inout Set<String>) throws -> String? {
        switch page.continuation {
        case .complete:
            return nil
        case .truncatedWithoutToken:
            throw ObjectStoreError(.corrupt, "the listing of s3://\(configuration.bucket)/\(fullPrefix.escapedForDisplay) says it is truncated but gives no continuation token (page \(pages))")
        case .next(let next):
            guard seen.insert(next).inserted else {
                throw ObjectStoreError(.corrupt, "the listing of s3://\(configuration.bucket)/\(fullPrefix.escapedForDisplay) loops: a continuation token came back twice (page \(pages))")
            }
            return next
        }
    }
}
