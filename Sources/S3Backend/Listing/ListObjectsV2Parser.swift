import FoundationEssentials
import ObjectStore

/// Reads a `<ListBucketResult>` document into a ``ListObjectsV2Page``, in one pass.
///
/// Values that may be url-encoded are decoded as they are read once `<EncodingType>url` has been
/// seen. S3 writes that element before the entries, but the XML does not promise an order, so
/// values read before it are decoded when the document ends.
struct ListObjectsV2Parser {
    private static let document = "ListObjectsV2 response"

    private var scanner: XMLScanner
    /// One buffer for every value's bytes, reused.
    private var text: [UInt8] = []
    private var page = ListObjectsV2Page()
    private var sawIsTruncated = false
    private var urlEncoded = false
    /// How many entries and common prefixes were read, undecoded, before `<EncodingType>url`.
    private var entriesBeforeEncoding = 0
    private var prefixesBeforeEncoding = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        scanner = XMLScanner(bytes: bytes, document: Self.document)
        text.reserveCapacity(1024)
    }

    mutating func parse() throws -> ListObjectsV2Page {
        guard case .start(let root)? = try scanner.next(), scanner.name(root, is: "ListBucketResult") else {
            throw Self.corrupt("the root element is not <ListBucketResult>")
        }
        while let token = try scanner.next() {
            switch token {
            case .start(let name): try readChild(name)
            case .end: return try finish()
            case .text, .cdata: continue
            }
        }
        throw Self.corrupt("the document ended early")  // `next()` throws first; kept for clarity
    }

    private mutating func readChild(_ name: Range<Int>) throws {
        if scanner.name(name, is: "Contents") {
            page.contents.append(try readEntry(number: page.contents.count + 1))
        } else if scanner.name(name, is: "CommonPrefixes") {
            try readCommonPrefixes()
        } else if scanner.name(name, is: "IsTruncated") {
            page.isTruncated = try readBoolean("IsTruncated")
            sawIsTruncated = true
        } else if scanner.name(name, is: "NextContinuationToken") {
            page.nextContinuationToken = try readString("NextContinuationToken", decoding: false)
        } else if scanner.name(name, is: "ContinuationToken") {
            page.continuationToken = try readString("ContinuationToken", decoding: false)
        } else if scanner.name(name, is: "KeyCount") {
            page.keyCount = try readCount("KeyCount")
        } else if scanner.name(name, is: "MaxKeys") {
            let maxKeys = try readCount("MaxKeys")
            page.maxKeys = maxKeys
            // S3 pages hold at most 1,000 keys; the cap keeps a hostile MaxKeys from reserving much.
            page.contents.reserveCapacity(min(maxKeys, 1000))
        } else if scanner.name(name, is: "Name") {
            page.bucket = try readString("Name", decoding: false)
        } else if scanner.name(name, is: "Prefix") {
            page.prefix = try readString("Prefix", decoding: false)
        } else if scanner.name(name, is: "Delimiter") {
            page.delimiter = try readString("Delimiter", decoding: false)
        } else if scanner.name(name, is: "StartAfter") {
            page.startAfter = try readString("StartAfter", decoding: false)
        } else if scanner.name(name, is: "EncodingType") {
            let encoding = try readString("EncodingType", decoding: false)
            page.encodingType = encoding
            if encoding.lowercased() == "url", !urlEncoded {
                urlEncoded = true
                entriesBeforeEncoding = page.contents.count
                prefixesBeforeEncoding = page.commonPrefixes.count
            }
        } else {
            try scanner.skipElement()
        }
    }

    /// Reads one `<Contents>` entry.
    private mutating func readEntry(number: Int) throws -> ListedObject {
        var key: String?
        var size: Int64?
        var badSize: String?
        var lastModified: Date?
        var badLastModified: String?
        var etag: String?
        var storageClass: String?
        while let token = try scanner.next() {
            guard case .start(let name) = token else {
                if token == .end { break }
                continue
            }
            if scanner.name(name, is: "Key") {
                key = try readString("Key", decoding: urlEncoded)
            } else if scanner.name(name, is: "Size") {
                try scanner.readText(into: &text)
                size = Self.byteCount(text)
                if size == nil { badSize = Self.quoted(text) }
            } else if scanner.name(name, is: "LastModified") {
                try scanner.readText(into: &text)
                lastModified = S3Timestamp.parseISO8601(bytes: text)
                if lastModified == nil { badLastModified = Self.quoted(text) }
            } else if scanner.name(name, is: "ETag") {
                etag = try readString("ETag", decoding: false)
            } else if scanner.name(name, is: "StorageClass") {
                storageClass = try readString("StorageClass", decoding: false)
            } else {
                try scanner.skipElement()
            }
        }
        guard let key else { throw Self.corrupt("entry \(number) has no <Key>") }
        guard !key.isEmpty else { throw Self.corrupt("entry \(number) has an empty <Key>") }
        let objectKey = ObjectKey(key)
        if let badSize {
            throw Self.corrupt("Size \(badSize) is not a byte count (a whole number from 0 to \(Int64.max))", key: objectKey)
        }
        guard let size else { throw Self.corrupt("entry \(number) has no <Size>", key: objectKey) }
        if let badLastModified {
            throw Self.corrupt("LastModified \(badLastModified) is not an ISO 8601 time", key: objectKey)
        }
        let info = ObjectInfo(key: objectKey, size: size, lastModified: lastModified, listedETag: etag)
        return ListedObject(info: info, storageClass: storageClass)
    }

    /// Reads `<CommonPrefixes><Prefix>...</Prefix></CommonPrefixes>` (one or more `Prefix`).
    private mutating func readCommonPrefixes() throws {
        while let token = try scanner.next() {
            guard case .start(let name) = token else {
                if token == .end { return }
                continue
            }
            if scanner.name(name, is: "Prefix") {
                page.commonPrefixes.append(try readString("CommonPrefixes/Prefix", decoding: urlEncoded))
            } else {
                try scanner.skipElement()
            }
        }
    }

    private mutating func finish() throws -> ListObjectsV2Page {
        while try scanner.next() != nil {}  // only comments or whitespace may follow; anything else throws
        guard sawIsTruncated else { throw Self.corrupt("<IsTruncated> is missing, so it cannot tell whether more pages follow") }
        if urlEncoded {
            page.prefix = try page.prefix.map { try Self.decode($0, "Prefix") }
            page.delimiter = try page.delimiter.map { try Self.decode($0, "Delimiter") }
            page.startAfter = try page.startAfter.map { try Self.decode($0, "StartAfter") }
            for index in 0..<entriesBeforeEncoding {
                let key = try Self.decode(page.contents[index].info.key.rawValue, "Key")
                page.contents[index].info.key = ObjectKey(key)
            }
            for index in 0..<prefixesBeforeEncoding {
                page.commonPrefixes[index] = try Self.decode(page.commonPrefixes[index], "CommonPrefixes/Prefix")
            }
        }
        return page
    }

    // MARK: - Values

    /// The text of the element just opened, percent-decoded when `decoding`, as a `String`.
    private mutating func readString(_ element: String, decoding: Bool) throws -> String {
        try scanner.readText(into: &text)
        return try Self.string(from: &text, element, decoding: decoding)
    }

    private static func decode(_ value: String, _ element: String) throws -> String {
        var bytes = Array(value.utf8)
        return try string(from: &bytes, element, decoding: true)
    }

    // Static, so that passing the parser's own buffer `inout` does not force a copy of the parser.
    private static func string(from bytes: inout [UInt8], _ element: String, decoding: Bool) throws -> String {
        if decoding, !FormURLDecoding.decode(&bytes) {
            throw Self.corrupt("<\(element)> has a malformed percent escape (EncodingType is url)")
        }
        guard let string = Self.string(validatingUTF8: bytes) else {
            throw Self.corrupt("<\(element)> is not valid UTF-8")
        }
        return string
    }

    /// The bytes as a `String`, or `nil` when they are not valid UTF-8.
    ///
    /// ``UTF8Validation`` first: `String(decoding:as:)` alone would replace bad bytes silently.
    static func string(validatingUTF8 bytes: [UInt8]) -> String? {
        guard UTF8Validation.isValid(bytes) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    private mutating func readBoolean(_ element: String) throws -> Bool {
        try scanner.readText(into: &text)
        let value = Self.trimmed(text)
        if value.elementsEqual("true".utf8) { return true }
        if value.elementsEqual("false".utf8) { return false }
        throw Self.corrupt("<\(element)> is \(Self.quoted(text)), not true or false")
    }

    private mutating func readCount(_ element: String) throws -> Int {
        try scanner.readText(into: &text)
        guard let count = Self.byteCount(text), let value = Int(exactly: count) else {
            throw Self.corrupt("<\(element)> is \(Self.quoted(text)), not a whole number")
        }
        return value
    }

    /// A non-negative decimal `Int64` (surrounding whitespace allowed), or `nil`: no sign, no
    /// overflow, at least one digit.
    static func byteCount(_ bytes: [UInt8]) -> Int64? {
        let digits = trimmed(bytes)
        guard !digits.isEmpty else { return nil }
        var value: Int64 = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }

    private static func trimmed(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        var slice = bytes[...]
        while let first = slice.first, XMLScanner.isWhitespace(first) { slice.removeFirst() }
        while let last = slice.last, XMLScanner.isWhitespace(last) { slice.removeLast() }
        return slice
    }

    /// A value for a message: quoted, escaped for display, at most 40 characters.
    static func quoted(_ bytes: some Collection<UInt8>) -> String {
        let text = String(decoding: bytes, as: UTF8.self).escapedForDisplay
        return "'" + (text.count > 40 ? text.prefix(40) + "..." : text) + "'"
    }

    private static func corrupt(_ reason: String, key: ObjectKey? = nil) -> ObjectStoreError {
        ObjectStoreError(.corrupt, "\(Self.document): \(reason)", key: key,
                         cause: ObjectStoreError.Cause(domain: "xml", code: "invalid"))
    }
}
