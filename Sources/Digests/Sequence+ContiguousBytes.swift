extension Sequence<UInt8> {
    /// Calls `body` with the bytes in one buffer, borrowing the sequence's storage when it has one
    /// and copying only when it does not.
    func withContiguousBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        if let result = withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return Array(self).withUnsafeBytes(body)
    }
}
