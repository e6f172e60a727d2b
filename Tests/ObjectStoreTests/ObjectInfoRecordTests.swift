import Digests
import FoundationEssentials
import ObjectStore
import Testing
import TestSupport

/// The record form a spilled queue writes must give back every object exactly: key bytes, size,
/// time to the bit, MD5 and ETag, whichever way the ETag was stored.
struct ObjectInfoRecordTests {
    static let digest = MD5Hasher.digest("abc".utf8)

    static let samples: [ObjectInfo] = [
        ObjectInfo(key: "k", size: 0),
        ObjectInfo(key: "dir/", size: 0, lastModified: Date(timeIntervalSince1970: 1_700_000_000.123456789)),
        ObjectInfo(key: "a/b/c.bin", size: Int64.max, etag: "\"900150983cd24fb0d6963f7d28e17f72\"", md5: digest),
        ObjectInfo(key: "multi", size: 5 << 30, lastModified: Date(timeIntervalSinceReferenceDate: -1e9),
                   etag: "\"900150983cd24fb0d6963f7d28e17f72-12\""),
        ObjectInfo(key: "md5-only", size: 3, md5: digest),
        ObjectInfo(key: "upper", size: 3, etag: "\"900150983CD24FB0D6963F7D28E17F72\"", md5: digest),
        ObjectInfo(key: "empty-etag", size: 3, etag: ""),
        ObjectInfo(key: ObjectKey(String(repeating: "long/", count: 20_000)), size: 7),
    ]

    static func roundTrip(_ objects: [ObjectInfo]) throws -> [ObjectInfo] {
        var buffer: [UInt8] = []
        for object in objects {
            let before = buffer.count
            object.appendRecord(to: &buffer)
            #expect(buffer.count - before == object.recordSize)
        }
        var decoded: [ObjectInfo] = []
        try buffer.withUnsafeBytes { bytes in
            var offset = 0
            while let length = ObjectInfo.recordLength(in: bytes, at: offset) {
                decoded.append(try ObjectInfo(record: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)])))
                offset += length
            }
            #expect(offset == bytes.count)
        }
        return decoded
    }

    @Test("every field reads back exactly")
    func samplesRoundTrip() throws {
        let decoded = try Self.roundTrip(Self.samples)
        #expect(decoded == Self.samples)
        #expect(decoded.map(\.etag) == Self.samples.map(\.etag))
        #expect(decoded.map(\.lastModified) == Self.samples.map(\.lastModified))
        #expect(zip(decoded, Self.samples).allSatisfy { Array($0.key.rawValue.utf8) == Array($1.key.rawValue.utf8) })
    }

    @Test("hostile keys read back byte for byte (no normalization, controls kept)")
    func hostileKeysRoundTrip() throws {
        let objects = HostileKey.all().enumerated().map { ObjectInfo(key: ObjectKey($1.key), size: Int64($0)) }
        #expect(objects.count > 20)
        let decoded = try Self.roundTrip(objects)
        #expect(decoded.map { Array($0.key.rawValue.utf8) } == objects.map { Array($0.key.rawValue.utf8) })
    }

    @Test("a plain listed object takes 17 bytes, its key, 8 for the time and 16 for the MD5")
    func compactSize() {
        let object = ObjectInfo(key: ObjectKey(String(repeating: "x", count: 60)), size: 1, lastModified: Date(),
                                etag: "\"900150983cd24fb0d6963f7d28e17f72\"", md5: Self.digest)
        #expect(object.recordSize == 101)
    }

    @Test("a damaged record is corrupt, not a wrong object",
          arguments: [0, 3, 16])
    func damagedRecord(length: UInt32) throws {
        var buffer: [UInt8] = []
        ObjectInfo(key: "key", size: 9).appendRecord(to: &buffer)
        withUnsafeBytes(of: length.littleEndian) { buffer.replaceSubrange(0..<4, with: $0) }
        let error = #expect(throws: ObjectStoreError.self) {
            try buffer.withUnsafeBytes { _ = try ObjectInfo(record: $0) }
        }
        #expect(error?.code == .corrupt)
    }
}
