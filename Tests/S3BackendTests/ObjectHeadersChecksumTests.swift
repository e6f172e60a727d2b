import CurlHTTP
import Digests
import Foundation
import ObjectStore
import S3Backend
import Testing

/// The stored checksums (`x-amz-checksum-*`) of GET and HEAD answers, against the bytes they cover.
struct ObjectHeadersChecksumTests {
    private static func crc32(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { ChecksumHasher.checksum(.crc32, of: $0) }
    }

    @Test("a full-object CRC32 is read from a GET, and is the CRC32 of the fixture's body")
    func fullObject() throws {
        let fixture = try S3Fixture.load("get-object-200-singlepart")
        let stored = try #require(try ObjectHeaders(head: fixture.head).storedChecksum)
        #expect(stored.algorithm == .crc32 && !stored.isComposite)
        #expect(Data(stored.value).base64EncodedString() == "Ox7nCg==")
        #expect(Self.crc32(fixture.body) == stored.value)
    }

    @Test("a composite CRC32 (-2) is the CRC32 of the two parts' CRC32s, as GetObjectAttributes lists them")
    func composite() throws {
        let stored = try #require(try ObjectHeaders(head: S3Fixture.load("head-object-200-multipart").head).storedChecksum)
        #expect(stored.algorithm == .crc32 && stored.partCount == 2)
        // The fixture's object: 5 MiB of "a", then one "b", uploaded in parts of 5 MiB.
        let first = Self.crc32([UInt8](repeating: UInt8(ascii: "a"), count: 5 << 20))
        let second = Self.crc32([UInt8(ascii: "b")])
        #expect(Data(first).base64EncodedString() == "r/zBbw==")
        #expect(Data(second).base64EncodedString() == "cb7v+Q==")
        #expect(Self.crc32(first + second) == stored.value)
    }

    @Test("the strongest algorithm present is the one kept; none present is nil")
    func strongestFirst() throws {
        let both = HTTPResponseHead(status: 200, headers: [
            HTTPHeader("Content-Length", "21"), HTTPHeader("x-amz-checksum-crc32", "Ox7nCg=="),
            HTTPHeader("x-amz-checksum-crc64nvme", "SoXXbx67KpE="), HTTPHeader("x-amz-checksum-type", "FULL_OBJECT"),
        ])
        #expect(try ObjectHeaders(head: both).storedChecksum?.algorithm == .crc64nvme)
        let none = HTTPResponseHead(status: 200, headers: [HTTPHeader("Content-Length", "21")])
        #expect(try ObjectHeaders(head: none).storedChecksum == nil)
    }

    static let malformed: [(String, String)] = [
        ("x-amz-checksum-crc32", "not base64!"),
        ("x-amz-checksum-crc32", "Ox7nCg==-0"),
        ("x-amz-checksum-crc32", "Ox7nCg==-x"),
        ("x-amz-checksum-crc64nvme", "Ox7nCg=="),  // 4 bytes, not 8
        ("x-amz-checksum-sha256", "Ox7nCg=="),
    ]

    @Test("a checksum that cannot be read is corrupt, not ignored", arguments: malformed)
    func malformedChecksum(name: String, value: String) {
        let error = #expect(throws: ObjectStoreError.self) {
            try ObjectHeaders(head: HTTPResponseHead(status: 200, headers: [HTTPHeader("Content-Length", "1"), HTTPHeader(name, value)]))
        }
        #expect(error?.code == .corrupt)
        #expect(error?.message.contains(name) == true)
    }

    @Test("a checksum type that contradicts the value's form is corrupt", arguments: [
        ("Ox7nCg==", "COMPOSITE"), ("dYPmEQ==-2", "FULL_OBJECT"), ("Ox7nCg==", "SOMETHING"),
    ])
    func contradictoryType(value: String, type: String) {
        let error = #expect(throws: ObjectStoreError.self) {
            try ObjectHeaders(head: HTTPResponseHead(status: 200, headers: [
                HTTPHeader("Content-Length", "1"), HTTPHeader("x-amz-checksum-crc32", value), HTTPHeader("x-amz-checksum-type", type),
            ]))
        }
        #expect(error?.code == .corrupt)
    }
}
