import CCurl

/// The owner of one `curl_slist` of request headers; freed with its owner.
final class CurlHeaderList {
    private(set) var pointer: UnsafeMutablePointer<curl_slist>?

    init(_ headers: [HTTPHeader]) {
        var line: [CChar] = []
        for header in headers {
            // "Name:" with nothing after it removes a header curl would add; "Name;" sends it empty.
            // The line is put together in one reused buffer (curl copies it), not as new Strings.
            line.removeAll(keepingCapacity: true)
            line.reserveCapacity(header.name.utf8.count + header.value.utf8.count + 3)
            for byte in header.name.utf8 { line.append(CChar(bitPattern: byte)) }
            if header.value.isEmpty {
                line.append(CChar(UInt8(ascii: ";")))
            } else {
                line.append(CChar(UInt8(ascii: ":")))
                line.append(CChar(UInt8(ascii: " ")))
                for byte in header.value.utf8 { line.append(CChar(bitPattern: byte)) }
            }
            line.append(0)
            pointer = curl_slist_append(pointer, line)
        }
    }

    /// Appends a raw header line (as `Expect:` to switch off a default header).
    func append(rawLine: String) {
        pointer = curl_slist_append(pointer, rawLine)
    }

    deinit {
        curl_slist_free_all(pointer)
    }
}
