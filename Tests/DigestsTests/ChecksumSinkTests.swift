import Digests
import ObjectStore
import Testing
import TestSupport

@Suite("ChecksumSink and ContentChecksum")
struct ChecksumSinkTests {
    static let data = (0..<10_000).map { UInt8($0 % 251) }

    @Test("without a part size it is the MD5 of everything, however the bytes are chunked", arguments: [1, 7, 4096, 10_000])
    func whole(_ chunk: Int) throws {
        let sink = ChecksumSink()
        try Self.data.withUnsafeBytes { buffer in
            for start in stride(from: 0, to: buffer.count, by: chunk) {
                try sink.write(UnsafeRawBufferPointer(rebasing: buffer[start..<min(start + chunk, buffer.count)]), at: Int64(start))
            }
        }
        #expect(sink.finalize() == ContentChecksum(md5: MD5Hasher.digest(Self.data)))
    }

    @Test("with a part size it is the MD5 of the part MD5s, with the part count", arguments: [1, 999, 4096])
    func multipart(_ chunk: Int) throws {
        let sink = ChecksumSink(partSize: 4000)
        try Self.data.withUnsafeBytes { buffer in
            for start in stride(from: 0, to: buffer.count, by: chunk) {
                try sink.write(UnsafeRawBufferPointer(rebasing: buffer[start..<min(start + chunk, buffer.count)]), at: Int64(start))
            }
        }
        let parts = [Self.data[0..<4000], Self.data[4000..<8000], Self.data[8000...]].flatMap { MD5Hasher.digest($0).bytes }
        let expected = ContentChecksum(multipart: MD5Hasher.digest(parts), partSize: 4000, partCount: 3)
        #expect(sink.finalize() == expected)
        #expect(expected.description.hasSuffix("-3"))
        #expect(expected.kind == "etag")
    }

    @Test("multipart ETags are recognised; plain, weak and malformed ones are not", arguments: [
        ("\"0123456789abcdef0123456789abcdef-12\"", 12), ("0123456789abcdef0123456789abcdef-1", 1),
        ("\"0123456789abcdef0123456789abcdef\"", nil), ("\"0123456789abcdef0123456789abcdef-0\"", nil),
        ("\"xyz-3\"", nil), ("\"0123456789abcdef0123456789abcdef-x\"", nil),
    ] as [(String, Int?)])
    func multipartETags(_ etag: String, _ parts: Int?) {
        #expect(ContentChecksum.multipartETag(etag)?.parts == parts)
    }

    @Test("bytes out of order are refused")
    func outOfOrder() {
        let sink = ChecksumSink(partSize: 10)
        #expect(throws: ObjectStoreError.self) { try [UInt8]([1, 2]).withUnsafeBytes { try sink.write($0, at: 5) } }
    }
}
