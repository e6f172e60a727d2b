import CurlHTTP
import FoundationEssentials
import ObjectStore

/// What the headers of a successful GET or HEAD of an object say about it.
public struct ObjectHeaders: Hashable, Sendable {
    /// `Content-Length`: the bytes in this answer (the whole object for a 200, the range or part for
    /// a 206). See ``objectSize`` for the object's own length.
    public var contentLength: Int64?
    /// `ETag`, quotes included; multipart ETags end in `-<parts>`.
    public var etag: String?
    /// `Last-Modified`; `nil` when absent or not an HTTP date.
    public var lastModified: Date?
    /// `x-amz-mp-parts-count`: the object's part count, sent with `?partNumber=` requests.
    public var partsCount: Int?
    /// `Content-Range` of a 206 answer.
    public var contentRange: ContentRange?
    /// `x-amz-storage-class`; S3 omits it for `STANDARD`.
    public var storageClass: String?
    /// `x-amz-server-side-encryption`: `AES256`, `aws:kms`, `aws:kms:dsse`.
    public var serverSideEncryption: String?
    /// `x-amz-server-side-encryption-customer-algorithm`: set when the object is encrypted with a key
    /// the customer provides (SSE-C).
    public var customerKeyAlgorithm: String?
    /// The strongest `x-amz-checksum-*` the answer carries (S3 sends them to requests with
    /// `x-amz-checksum-mode: ENABLED`), in ``ObjectStore/ChecksumAlgorithm``'s order; a value
    /// ending in `-N` is composite over N parts, as `x-amz-checksum-type: COMPOSITE` says.
    public var storedChecksum: StoredChecksum?

    /// Reads the headers of a GET or HEAD answer.
    ///
    /// - Throws: ``ObjectStore/ObjectStoreError`` `corrupt` when `Content-Length`,
    ///   `x-amz-mp-parts-count` or `Content-Range` is present but malformed (negative, not a
    ///   number, a range past its total), or when `Content-Range` disagrees with `Content-Length`:
    ///   sizes decide how many bytes are written, so a wrong one is never guessed around.
    public init(head: HTTPResponseHead) throws {
        if let text = head.header("Content-Length") {
            guard let length = Self.count(text) else { throw Self.corrupt("Content-Length", text) }
            contentLength = length
        }
        if let text = head.header("x-amz-mp-parts-count") {
            guard let count = Self.count(text).flatMap({ Int(exactly: $0) }), count > 0 else {
                throw Self.corrupt("x-amz-mp-parts-count", text)
            }
            partsCount = count
        }
        if let text = head.header("Content-Range") {
            guard let range = ContentRange(text) else { throw Self.corrupt("Content-Range", text) }
            if let count = range.count, let contentLength, count != contentLength {
                throw ObjectStoreError(
                    .corrupt, "Content-Range '\(text.escapedForDisplay)' holds \(count) bytes but Content-Length "
                        + "is \(contentLength)",
                    cause: ObjectStoreError.Cause(domain: "http", code: "Content-Range"))
            }
            contentRange = range
        }
        etag = Self.value(head, "ETag")
        lastModified = head.header("Last-Modified").flatMap { S3Timestamp.parseHTTPDate($0.trimmingHeaderWhitespace()) }
        storageClass = Self.value(head, "x-amz-storage-class")
        serverSideEncryption = Self.value(head, "x-amz-server-side-encryption")
        customerKeyAlgorithm = Self.value(head, "x-amz-server-side-encryption-customer-algorithm")
        storedChecksum = try Self.storedChecksum(head)
    }

    /// The first algorithm's checksum the answer carries.
    ///
    /// - Throws: `corrupt` when its value is not base64 of the algorithm's length (with `-N`,
    ///   N > 0, for a composite one), or disagrees with `x-amz-checksum-type`.
    private static func storedChecksum(_ head: HTTPResponseHead) throws -> StoredChecksum? {
        for algorithm in ChecksumAlgorithm.allCases {
            guard let text = value(head, algorithm.headerName) else { continue }
            var encoded = Substring(text), partCount: Int?
            if let dash = text.lastIndex(of: "-") {
                guard let count = count(String(text[text.index(after: dash)...])).flatMap({ Int(exactly: $0) }), count > 0 else {
                    throw corrupt(algorithm.headerName, text)
                }
                encoded = text[..<dash]
                partCount = count
            }
            guard let bytes = Data(base64Encoded: String(encoded)), bytes.count == algorithm.byteCount else {
                throw corrupt(algorithm.headerName, text)
            }
            let type = value(head, "x-amz-checksum-type")?.uppercased()
            switch type {
            case nil: break
            case "COMPOSITE" where partCount != nil, "FULL_OBJECT" where partCount == nil: break
            case let type?: throw corrupt("x-amz-checksum-type", type)
            }
            return StoredChecksum(algorithm: algorithm, value: Array(bytes), partCount: partCount, kindIsStated: type != nil)
        }
        return nil
    }

    /// The length of the whole object: the total of `Content-Range` for a partial answer, else
    /// `Content-Length`.
    public var objectSize: Int64? {
        contentRange?.total ?? (contentRange == nil ? contentLength : nil)
    }

    /// The MD5 of the contents, when the ETag is one: a plain (not multipart) ETag of an object that is
    /// not encrypted with SSE-KMS, DSSE-KMS or SSE-C, whose ETags are not the MD5 of the data.
    public var md5: MD5Digest? {
        guard customerKeyAlgorithm == nil, serverSideEncryption.map({ !$0.hasPrefix("aws:kms") }) ?? true,
              let etag
        else { return nil }
        return MD5Digest(etag: etag)
    }

    /// The object as a store describes it.
    /// - Parameter key: the object's key, as the caller named it.
    /// - Returns: `nil` when the headers do not say the object's size.
    public func objectInfo(key: ObjectKey) -> ObjectInfo? {
        guard let size = objectSize else { return nil }
        return ObjectInfo(key: key, size: size, lastModified: lastModified, etag: etag, md5: md5)
    }

    private static func value(_ head: HTTPResponseHead, _ name: String) -> String? {
        guard let text = head.header(name)?.trimmingHeaderWhitespace(), !text.isEmpty else { return nil }
        return String(text)
    }

    private static func count(_ text: String) -> Int64? {
        let digits = text.trimmingHeaderWhitespace()
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return nil
        }
        return Int64(digits)
    }

    private static func corrupt(_ header: String, _ value: String) -> ObjectStoreError {
        ObjectStoreError(.corrupt, "the \(header) header '\(value.escapedForDisplay)' is malformed",
                         cause: ObjectStoreError.Cause(domain: "http", code: header))
    }
}
