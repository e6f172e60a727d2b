import CurlHTTP
import ObjectStore

/// The canonical form of a request (SigV4 task 1), built from a request that already carries every
/// header and query parameter to be signed.
///
/// ```
/// METHOD
/// canonical URI
/// canonical query
/// name:value            one line per signed header, sorted by lower-case name
///
/// signed;header;names
/// payload hash
/// ```
struct SigV4CanonicalRequest: Sendable, Hashable {
    /// The canonical request itself, the text whose SHA-256 goes into the string to sign.
    let text: String
    /// The lower-case names of the signed headers, sorted and joined by `;`.
    let signedHeaders: String

    init(request: HTTPRequest, payloadHash: String, pathStyle: SigV4Signer.PathStyle) {
        let headers = Self.canonicalHeaders(of: request)
        signedHeaders = Self.signedHeaders(headers)
        let uri = Self.canonicalURI(request.path, style: pathStyle)
        let query = Self.canonicalQuery(request.query)
        var length = request.method.utf8.count + uri.utf8.count + query.utf8.count + signedHeaders.utf8.count
            + payloadHash.utf8.count + 5
        for header in headers { length += header.name.utf8.count + header.value.utf8.count + 2 }
        var text = ""
        text.reserveCapacity(length)
        text += request.method
        text += "\n"
        text += uri
        text += "\n"
        text += query
        text += "\n"
        for header in headers {
            text += header.name
            text += ":"
            text += header.value
            text += "\n"
        }
        text += "\n"
        text += signedHeaders
        text += "\n"
        text += payloadHash
        self.text = text
    }

    // MARK: URI

    /// The canonical URI of an encoded path under `style`.
    static func canonicalURI(_ path: String, style: SigV4Signer.PathStyle) -> String {
        switch style {
        case .s3:
            return path.isEmpty ? "/" : path
        case .generic:
            return URIEncoding.encode(removingDotSegments(path), keepingSlashes: true)
        }
    }

    /// `path` with `.` segments and empty segments dropped and each `..` removing the segment
    /// before it; a trailing `/` survives if anything is left before it.
    static func removingDotSegments(_ path: String) -> String {
        var kept = [String]()
        for segment in path.slashSeparatedSegments {
            switch segment {
            case "", ".": continue
            case "..": _ = kept.popLast()
            default: kept.append(segment)
            }
        }
        let joined = "/" + kept.joined(separator: "/")
        return path.endsWithSlash && !kept.isEmpty ? joined + "/" : joined
    }

    // MARK: Query

    /// Every parameter as `encoded-name=encoded-value` (`name=` when the value is empty), sorted by
    /// encoded name and then encoded value, byte by byte, joined by `&`.
    static func canonicalQuery(_ items: [QueryItem]) -> String {
        if items.isEmpty { return "" }
        return items.map { (name: URIEncoding.encode($0.name), value: URIEncoding.encode($0.value)) }
            .sorted { left, right in
                left.name == right.name
                    ? precedesByBytes(left.value, right.value)
                    : precedesByBytes(left.name, right.name)
            }
            .map { $0.name + "=" + $0.value }
            .joined(separator: "&")
    }

    // MARK: Headers

    /// The signed headers: `host` (from the request's host) and every listed header except a
    /// stray `Host` (the host is ``HTTPRequest/host``) and `Authorization` (the result of
    /// signing, never its input). Names are lower-cased; the values of a name given more than once
    /// are joined by `,` in the order given; the list is sorted by name.
    static func canonicalHeaders(of request: HTTPRequest) -> [HTTPHeader] {
        // A request has a handful of headers: an insertion sort by name (stable, so the values of a
        // repeated name keep their order) and a merge of neighbours beat a dictionary of arrays.
        var sorted: [HTTPHeader] = []
        sorted.reserveCapacity(request.headers.count + 1)
        sorted.append(HTTPHeader("host", canonicalValue(request.host)))
        for header in request.headers {
            let name = header.name.lowercasedHeaderName
            guard name != "host", name != "authorization" else { continue }
            var index = sorted.count
            while index > 0, precedesByBytes(name, sorted[index - 1].name) { index -= 1 }
            sorted.insert(HTTPHeader(name, canonicalValue(header.value)), at: index)
        }
        var merged: [HTTPHeader] = []
        merged.reserveCapacity(sorted.count)
        for header in sorted {
            if let last = merged.last, last.name == header.name {
                merged[merged.count - 1].value += "," + header.value
            } else {
                merged.append(header)
            }
        }
        return merged
    }

    /// The `;`-joined names of canonical headers.
    static func signedHeaders(_ headers: [HTTPHeader]) -> String {
        headers.map(\.name).joined(separator: ";")
    }

    /// A header value with leading and trailing blanks removed and each inner run of blanks
    /// (spaces, tabs) made one space.
    static func canonicalValue(_ value: String) -> String {
        // Nearly every value (dates, hashes, tokens, ETags, the host) is canonical already; one
        // scan spares copying it byte by byte (a session token is hundreds of bytes).
        if isCanonical(value.utf8) { return value }
        var out = [UInt8]()
        out.reserveCapacity(value.utf8.count)
        var pendingBlank = false
        for byte in value.utf8 {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                pendingBlank = !out.isEmpty
            } else {
                if pendingBlank { out.append(UInt8(ascii: " ")) }
                pendingBlank = false
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether a value has no blank at either end, no tab, and no two spaces in a row.
    private static func isCanonical(_ utf8: String.UTF8View) -> Bool {
        var previousIsSpace = true  // so that a leading space is caught
        for byte in utf8 {
            if byte == UInt8(ascii: "\t") { return false }
            let isSpace = byte == UInt8(ascii: " ")
            if isSpace, previousIsSpace { return false }
            previousIsSpace = isSpace
        }
        return !previousIsSpace || utf8.isEmpty
    }

    /// Byte order of the UTF-8 forms, the order SigV4 sorts by (not Swift's `String` order).
    static func precedesByBytes(_ left: String, _ right: String) -> Bool {
        left.utf8.lexicographicallyPrecedes(right.utf8)
    }
}
