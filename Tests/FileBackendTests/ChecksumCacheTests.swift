import FileBackend
import Foundation
import ObjectStore
import Testing
import TestSupport

@Suite("FileStore: checksums computed for --verify checksum, cached in user.s3clone.*")
struct ChecksumCacheTests {
    /// The published check value of each algorithm over "123456789".
    static let vectors: [(ChecksumAlgorithm, String)] = [
        (.crc32, "cbf43926"), (.crc32c, "e3069283"), (.crc64nvme, "ae8b14860a799888"),
        (.sha1, "f7c3bc1d808e04732adf679965ccc34ca7ae3441"),
        (.sha256, "15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225"),
    ]

    /// A store over a folder holding `f` = "123456789", its time an hour back.
    private func fixture(_ sandbox: TemporaryDirectory, age: TimeInterval = 3600) throws -> (FileStore, ObjectInfo) {
        sandbox.write("root/f", "123456789")
        try setModified(sandbox.at("root/f"), Date().addingTimeInterval(-age))
        let store = makeStore(sandbox.path)
        return (store, ObjectInfo(key: "f", size: 9))
    }

    @Test("each algorithm's check value, then stored as v1 <size> <seconds> <nanoseconds> <hex>", arguments: vectors)
    func computesAndStores(_ algorithm: ChecksumAlgorithm, _ hex: String) async throws {
        let sandbox = TemporaryDirectory("ccache")
        let (store, object) = try fixture(sandbox)
        let value = try await store.computedChecksum(algorithm, partSize: nil, of: object)
        #expect(value.map(HexText.encode) == hex)
        let stored = try #require(ExtendedAttribute.read("user.s3clone." + algorithm.rawValue.lowercased(), of: sandbox.at("root/f")))
        let fields = stored.split(separator: " ")
        #expect(fields.count == 5)
        #expect(fields.first == "v1")
        #expect(fields.dropFirst().first == "9")
        #expect(fields.last.map(String.init) == hex)
    }

    @Test("a cached value with the file's stamp is used as it is, without reading the file")
    func usesCache() async throws {
        let sandbox = TemporaryDirectory("ccache-use")
        let (store, object) = try fixture(sandbox)
        _ = try await store.computedChecksum(.crc32, partSize: nil, of: object)
        let path = sandbox.at("root/f")
        let stored = try #require(ExtendedAttribute.read("user.s3clone.crc32", of: path))
        // The same stamp with another value: only the cache can produce it.
        let forged = stored.split(separator: " ").dropLast().joined(separator: " ") + " 01020304"
        try ExtendedAttribute.write("user.s3clone.crc32", forged, of: path)
        #expect(try await store.computedChecksum(.crc32, partSize: nil, of: object) == [1, 2, 3, 4])
    }

    @Test("a changed time, a damaged entry or another size: hashed again and stored again")
    func staleOrDamaged() async throws {
        let sandbox = TemporaryDirectory("ccache-stale")
        let (store, object) = try fixture(sandbox)
        let path = sandbox.at("root/f")
        _ = try await store.computedChecksum(.crc32, partSize: nil, of: object)
        let stored = try #require(ExtendedAttribute.read("user.s3clone.crc32", of: path))
        let fields = stored.split(separator: " ").map(String.init)
        let forgeries = [
            [fields[0], "10", fields[2], fields[3], "01020304"].joined(separator: " "),  // another size
            [fields[0], fields[1], fields[2], "1", "01020304"].joined(separator: " "),  // another time
            ["v2", fields[1], fields[2], fields[3], "01020304"].joined(separator: " "),  // unknown version
            stored + "zz",  // damaged hex
            "garbage",
        ]
        for forged in forgeries {
            try ExtendedAttribute.write("user.s3clone.crc32", forged, of: path)
            let value = try await store.computedChecksum(.crc32, partSize: nil, of: object)
            #expect(value.map(HexText.encode) == "cbf43926", "entry \(forged)")
            #expect(ExtendedAttribute.read("user.s3clone.crc32", of: path) == stored, "entry \(forged)")
        }
    }

    @Test("a file changed within the last two seconds is hashed but not cached")
    func recentFileNotCached() async throws {
        let sandbox = TemporaryDirectory("ccache-recent")
        let (store, object) = try fixture(sandbox, age: 0)
        #expect(try await store.computedChecksum(.crc32, partSize: nil, of: object).map(HexText.encode) == "cbf43926")
        #expect(ExtendedAttribute.read("user.s3clone.crc32", of: sandbox.at("root/f")) == nil)
    }

    @Test("a missing file, a folder or a symbolic link: no checksum and nothing written")
    func nothingToHash() async throws {
        let sandbox = TemporaryDirectory("ccache-none")
        let (store, _) = try fixture(sandbox)
        try FileManager.default.createSymbolicLink(atPath: sandbox.at("root/link"), withDestinationPath: "f")
        await #expect(throws: ObjectStoreError.self) {
            _ = try await store.computedChecksum(.crc32, partSize: nil, of: ObjectInfo(key: "link", size: 9))
        }
        #expect(try await store.computedChecksum(.crc32, partSize: nil, of: ObjectInfo(key: "missing/g", size: 9)) == nil)
        #expect(ExtendedAttribute.read("user.s3clone.crc32", of: sandbox.at("root/f")) == nil)
    }
}

/// Lowercase hex, as the cache writes it.
private enum HexText {
    static func encode(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
}

private func setModified(_ path: String, _ date: Date) throws {
    try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: path)
}

extension ChecksumCacheTests {
    @Test("a composite checksum: the checksum of the parts' checksums in the given part size, cached under its own name")
    func composite() async throws {
        let sandbox = TemporaryDirectory("ccache-parts")
        sandbox.write("root/f", "123456789")
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-3600)], ofItemAtPath: sandbox.at("root/f"))
        let store = makeStore(sandbox.path)
        let object = ObjectInfo(key: "f", size: 9)
        // Parts "1234", "5678", "9": their CRC32s concatenated, then the CRC32 of those 12 bytes.
        let value = try await store.computedChecksum(.crc32, partSize: 4, of: object)
        let parts = ["1234", "5678", "9"].flatMap { crc32(Array($0.utf8)) }
        #expect(parts.prefix(4) == [0x9b, 0xe3, 0xe0, 0xa3])  // zlib's crc32("1234")
        #expect(value == crc32(parts))
        let stored = try #require(ExtendedAttribute.read("user.s3clone.crc32.4", of: sandbox.at("root/f")))
        #expect(stored.hasSuffix(" " + HexText.encode(try #require(value))))
        #expect(ExtendedAttribute.read("user.s3clone.crc32", of: sandbox.at("root/f")) == nil)
    }

    /// A plain bitwise CRC-32 (IEEE), apart from the code under test.
    private func crc32(_ bytes: [UInt8]) -> [UInt8] {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        crc ^= 0xFFFF_FFFF
        return [UInt8(crc >> 24), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc & 0xFF)]
    }
}
