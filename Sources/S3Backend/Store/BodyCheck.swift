import CurlHTTP
import Digests
import ObjectStore

/// Checks the body of one whole-object GET while it streams: it learns from the first response's
/// headers what S3 keeps for the object (a full-object `x-amz-checksum-*`, else a plain MD5 ETag),
/// hashes every byte it passes on, in order, and compares at the end.
///
/// Curl hands it the bytes first; it passes them to the ``DeliveryCounter`` and then hashes them,
/// so a body that breaks off and resumes with a `Range` request (which carries no checksum headers: the check of the first response holds, the
/// `If-Match` keeps it the same object) is hashed on in one stream, and what is hashed is exactly
/// what was delivered.
final class BodyCheck: ByteSink, ResponseHeadObserver {
    private enum State {
        case undecided
        case checksum(ChecksumHasher, expected: [UInt8])
        case md5(MD5Hasher, expected: MD5Digest)
        case sizeOnly
    }

    private let downstream: any ByteSink
    private var state = State.undecided

    init(forwardingTo downstream: any ByteSink) {
        self.downstream = downstream
    }

    func bodyBegins(after head: HTTPResponseHead) throws {
        guard case .undecided = state else { return }
        try decide(from: head)
    }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws {
        try downstream.write(bytes, at: offset)
        switch state {
        case .checksum(var hasher, let expected):
            hasher.update(bytes)
            state = .checksum(hasher, expected: expected)
        case .md5(let hasher, _):
            hasher.update(bytes)
        case .undecided, .sizeOnly:
            break
        }
    }

    /// Compares what was hashed with what the source keeps, once the whole body arrived; `head` is
    /// the last response's (it decides for an empty body, which never began).
    ///
    /// - Throws: `corrupt` naming both values when they differ.
    func verify(lastHead head: HTTPResponseHead, key: ObjectKey) throws -> IntegrityCheck {
        if case .undecided = state { try decide(from: head) }
        switch state {
        case .checksum(let hasher, let expected):
            let actual = hasher.finalize()
            guard actual == expected else {
                throw ObjectStoreError(.corrupt, "\(hasher.algorithm.rawValue) of the received bytes is \(StoredChecksum.base64(actual)), the source keeps \(StoredChecksum.base64(expected)); not saved", key: key)
            }
            return .storedChecksum(hasher.algorithm)
        case .md5(let hasher, let expected):
            let actual = hasher.finalize()
            guard actual == expected else {
                throw ObjectStoreError(.corrupt, "MD5 of the received bytes is \(actual), the source's ETag says \(expected); not saved", key: key)
            }
            return .md5ETag
        case .undecided, .sizeOnly:
            return .sizeOnly
        }
    }

    private func decide(from head: HTTPResponseHead) throws {
        let headers = try ObjectHeaders(head: head)
        if let stored = headers.storedChecksum, !stored.isComposite {
            state = .checksum(ChecksumHasher(stored.algorithm), expected: stored.value)
        } else if let md5 = headers.md5 {
            state = .md5(MD5Hasher(), expected: md5)
        } else {
            state = .sizeOnly
        }
    }
}
