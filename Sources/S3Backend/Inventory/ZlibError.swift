import CZlib
import ObjectStore

/// A zlib return code as a value (like `CurlError` and `Errno`): why a stream could not be inflated.
struct ZlibError: Error, RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    let rawValue: Int32

    init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// The domain of the ``ObjectStore/ObjectStoreError/Cause`` that carries a zlib code.
    static let causeDomain = "zlib"

    /// zlib's own words for the code (`zError`).
    var description: String {
        String(cString: zError(rawValue))
    }

    /// The failure as an ObjectStoreError `corrupt`: the bytes are not a gzip stream that inflates.
    ///
    /// - Parameters:
    ///   - source: what was being inflated, for the message ("the inventory file data/1.csv.gz").
    ///   - detail: the stream's `msg`, when zlib left one; more precise than the code's words.
    func storeError(source: String, detail: String?) -> ObjectStoreError {
        let detail = detail ?? description
        return ObjectStoreError(.corrupt, "\(source) is not a valid gzip stream: \(detail)",
                                cause: ObjectStoreError.Cause(domain: Self.causeDomain, code: String(rawValue), detail: detail))
    }
}
