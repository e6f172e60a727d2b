extension String {
    /// Decodes `%XX` escapes into bytes; `nil` if an escape is malformed or the result is not UTF-8.
    public func removingPercentEscapes() -> String? {
        var bytes = [UInt8]()
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            // Exactly two hex digits: UInt8(_:radix:) would also take a sign ("%+1", "%-0").
            guard let high = iterator.next().flatMap(HexEncoding.value(ofDigit:)),
                  let low = iterator.next().flatMap(HexEncoding.value(ofDigit:)) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
