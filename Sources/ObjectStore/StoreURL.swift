/// Where a store lives: an S3 bucket and prefix, or a local directory.
///
/// Parsed from what a user types:
/// - `s3://bucket`, `s3://bucket/prefix`: an S3 bucket, rooted at `prefix/`. A prefix names a folder:
///   `s3://b/logs` and `s3://b/logs/` both root the store at `logs/`, and keys are relative to it.
/// - `file:///absolute/path` (percent-escapes decoded): a local directory.
/// - anything containing `/`, or starting with `.` or `~`: a local directory path.
/// - a bare word: for a source that is a valid bucket name (3-63 of `a-z 0-9 . -`), an S3 bucket,
///   as in the original `s3clone BUCKET`; otherwise, and always for a destination, a local path.
///   Write `./name` to mean a local directory whose name looks like a bucket.
public struct StoreURL: Hashable, Sendable, CustomStringConvertible {
    /// The kind of store, which picks the backend.
    public var scheme: Scheme
    /// The S3 bucket; empty for local paths.
    public var bucket: String
    /// For S3, the key prefix the store is rooted at: empty or ending in `/`. For files, the path.
    public var path: String

    /// Builds a URL from parts; `path` is used as given.
    public init(scheme: Scheme, bucket: String = "", path: String) {
        self.scheme = scheme
        self.bucket = bucket
        self.path = path
    }

    /// The backend kind named by a URL scheme.
    public struct Scheme: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Amazon S3 or an S3-compatible service.
        public static let s3 = Scheme(rawValue: "s3")
        /// A local directory tree.
        public static let file = Scheme(rawValue: "file")
    }

    /// How to read an argument that is a bare word (no `/`, no scheme).
    public enum BareWord: Sendable {
        /// A valid bucket name is a bucket (the source argument, as the original tool took it).
        case bucketIfValid
        /// Always a local path (the destination argument).
        case path
    }

    /// Parses what a user typed.
    ///
    /// - Throws: ``ObjectStoreError`` `invalidArgument` for an empty string, an unknown scheme, a bad
    ///   bucket name after `s3://`, a `file://` URL with a remote host, a malformed percent-escape or
    ///   one that decodes to NUL, or a prefix with empty segments.
    public init(parsing text: String, bareWord: BareWord) throws {
        guard !text.isEmpty else {
            throw ObjectStoreError(.invalidArgument, "empty location")
        }
        if let schemeEnd = text.firstRange(of: "://") {
            let scheme = text[..<schemeEnd.lowerBound].lowercased()
            let rest = String(text[schemeEnd.upperBound...])
            switch scheme {
            case "s3": self = try Self.parseS3(rest, original: text)
            case "file": self = try Self.parseFile(rest, original: text)
            default:
                throw ObjectStoreError(
                    .invalidArgument,
                    "unsupported scheme '\(scheme.escapedForDisplay)://' in '\(text.escapedForDisplay)' (use s3://bucket/prefix, file:///path or a local path)")
            }
            return
        }
        let looksLikePath = text.contains("/") || text.hasPrefix(".") || text.hasPrefix("~")
        if !looksLikePath, bareWord == .bucketIfValid, Self.isValidBucketName(text) {
            self.init(scheme: .s3, bucket: text, path: "")
        } else {
            self.init(scheme: .file, path: text)
        }
    }

    /// `s3://bucket/prefix/` or the local path.
    public var description: String {
        switch scheme {
        case .s3: return "s3://\(bucket)/\(path)"
        default: return path
        }
    }

    /// Whether `name` follows S3's rules for bucket names: 3 to 63 characters of lower-case letters,
    /// digits, `.` and `-`, starting and ending with a letter or digit.
    public static func isValidBucketName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (3...63).contains(bytes.count) else { return false }
        func isAlphanumeric(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        guard isAlphanumeric(bytes.first!), isAlphanumeric(bytes.last!) else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }

    private static func parseS3(_ rest: String, original: String) throws -> StoreURL {
        let bucket: Substring
        let prefix: Substring
        if let slash = rest.firstIndex(of: "/") {
            bucket = rest[..<slash]
            prefix = rest[rest.index(after: slash)...]
        } else {
            bucket = Substring(rest)
            prefix = ""
        }
        guard isValidBucketName(String(bucket)) else {
            throw ObjectStoreError(.invalidArgument, "'\(bucket.description.escapedForDisplay)' in '\(original.escapedForDisplay)' is not a valid S3 bucket name")
        }
        return StoreURL(scheme: .s3, bucket: String(bucket), path: try folderPrefix(String(prefix)))
    }

    /// Normalizes a prefix to folder form: empty, or ending in exactly one `/`.
    ///
    /// - Throws: `invalidArgument` when the prefix has an empty segment (`a//b`) or a NUL.
    public static func folderPrefix(_ prefix: String) throws -> String {
        var trimmed = Substring(prefix)
        if trimmed.utf8.last == UInt8(ascii: "/") { trimmed = trimmed.dropLast() }
        if trimmed.isEmpty { return "" }
        // Bytes, not Characters: a combining mark after a '/' would hide an empty segment ("a//\u{301}b").
        let segments = trimmed.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard !trimmed.utf8.contains(0), !segments.contains(where: \.isEmpty) else {
            throw ObjectStoreError(.invalidArgument, "prefix '\(prefix.escapedForDisplay)' has an empty path segment")
        }
        return trimmed + "/"
    }

    private static func parseFile(_ rest: String, original: String) throws -> StoreURL {
        var path = Substring(rest)
        if path.hasPrefix("localhost/") { path = path.dropFirst("localhost".count) }
        guard path.utf8.first == UInt8(ascii: "/") else {
            throw ObjectStoreError(.invalidArgument, "'\(original.escapedForDisplay)' is not a local file URL (use file:///absolute/path)")
        }
        guard let decoded = String(path).removingPercentEscapes() else {
            throw ObjectStoreError(.invalidArgument, "'\(original.escapedForDisplay)' has a malformed percent-escape")
        }
        guard !decoded.utf8.contains(0) else {
            throw ObjectStoreError(.invalidArgument, "'\(original.escapedForDisplay)' decodes to a path containing NUL")
        }
        return StoreURL(scheme: .file, path: decoded)
    }
}
