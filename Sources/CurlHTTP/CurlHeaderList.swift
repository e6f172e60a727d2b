import CCurl

/// The owner of one `curl_slist` of request headers; freed with its owner.
final class CurlHeaderList {
    private(set) var pointer: UnsafeMutablePointer<curl_slist>?

    init(_ headers: [HTTPHeader]) {
        for header in headers {
            // "Name:" with nothing after it removes a header curl would add; "Name;" sends it empty.
            let line = header.value.isEmpty ? header.name + ";" : header.name + ": " + header.value
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
