import ObjectStore

/// One page of a ListObjectsV2 answer (`GET /?list-type=2`), decoded.
///
/// Values that S3 url-encodes under `encoding-type=url` (keys, `Prefix`, `Delimiter`, `StartAfter`,
/// common prefixes) are already decoded here; continuation tokens are opaque and never decoded.
/// Whether to ask for another page is the lister's decision, from ``isTruncated`` and the tokens
/// (see ``continuation``); this type only reports what S3 said.
public struct ListObjectsV2Page: Hashable, Sendable {
    /// The bucket (`<Name>`).
    public var bucket: String?
    /// The prefix the listing was limited to (`<Prefix>`); empty or `nil` for the whole bucket.
    public var prefix: String?
    /// The delimiter that grouped keys into ``commonPrefixes``, if one was sent.
    public var delimiter: String?
    /// The key the listing started after, if one was sent.
    public var startAfter: String?
    /// `url` when S3 url-encoded the values (now decoded), `nil` when it did not encode them.
    public var encodingType: String?
    /// How many keys and common prefixes S3 says this page holds.
    public var keyCount: Int?
    /// The page size the listing was limited to.
    public var maxKeys: Int?
    /// Whether more results follow this page.
    public var isTruncated: Bool
    /// The token this page was asked for with, echoed by S3; `nil` on the first page.
    public var continuationToken: String?
    /// The token to ask for the next page with; S3 sends one exactly when ``isTruncated`` is true.
    public var nextContinuationToken: String?
    /// The objects, in the order listed (UTF-8 byte order of their keys).
    public var contents: [ListedObject]
    /// Keys up to and including the first ``delimiter`` after the prefix, for keys grouped together.
    public var commonPrefixes: [String]

    /// Describes a page; the parser and test doubles use it.
    public init(
        bucket: String? = nil, prefix: String? = nil, delimiter: String? = nil, startAfter: String? = nil,
        encodingType: String? = nil, keyCount: Int? = nil, maxKeys: Int? = nil, isTruncated: Bool = false,
        continuationToken: String? = nil, nextContinuationToken: String? = nil,
        contents: [ListedObject] = [], commonPrefixes: [String] = []
    ) {
        self.bucket = bucket
        self.prefix = prefix
        self.delimiter = delimiter
        self.startAfter = startAfter
        self.encodingType = encodingType
        self.keyCount = keyCount
        self.maxKeys = maxKeys
        self.isTruncated = isTruncated
        self.continuationToken = continuationToken
        self.nextContinuationToken = nextContinuationToken
        self.contents = contents
        self.commonPrefixes = commonPrefixes
    }

    /// The listed objects without their storage classes.
    public var objects: [ObjectInfo] { contents.map(\.info) }

    /// Parses the body of a ListObjectsV2 answer.
    ///
    /// Unknown elements (`Owner`, `ChecksumAlgorithm`, `RestoreStatus`, ...) are skipped.
    /// - Parameter body: the response body, UTF-8 XML with `<ListBucketResult>` at its root.
    /// - Throws: ``ObjectStore/ObjectStoreError`` `corrupt` when the body is not well-formed XML or
    ///   was cut short, has another root element, lacks `IsTruncated`, or has an entry without a
    ///   `Key` or with a `Size` that is not a non-negative 64-bit integer, a `LastModified` that is
    ///   not an ISO 8601 time, a malformed percent escape (with `EncodingType` `url`) or bytes that
    ///   are not UTF-8. A page is never returned partly: a corrupt answer must be fetched again,
    ///   never taken for a shorter listing.
    public static func parse(_ body: [UInt8]) throws -> ListObjectsV2Page {
        try body.withUnsafeBufferPointer { bytes in
            var parser = ListObjectsV2Parser(bytes: bytes)
            return try parser.parse()
        }
    }
}

extension ListObjectsV2Page {
    /// What a lister should do after a page, as S3 stated it.
    public enum Continuation: Hashable, Sendable {
        /// The listing is complete.
        case complete
        /// Ask for the next page with this token (sent back percent-encoded). A lister must still
        /// check that the token differs from the ones it already sent, or a broken server can make
        /// it loop forever.
        case next(token: String)
        /// `IsTruncated` is true but no `NextContinuationToken` came: more results exist and cannot
        /// be asked for. The listing must fail, never be taken as complete.
        case truncatedWithoutToken
    }

    /// The next step, from ``isTruncated`` and ``nextContinuationToken``.
    public var continuation: Continuation {
        guard isTruncated else { return .complete }
        guard let token = nextContinuationToken, !token.isEmpty else { return .truncatedWithoutToken }
        return .next(token: token)
    }
}
