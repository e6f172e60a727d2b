import Digests
import ObjectStore
import Testing

/// `ObjectInfo` keeps the common ETag (the quoted MD5) in a compact form; every ETag must still
/// read back exactly as given, and equality must follow the public properties.
struct ObjectInfoTests {
    static let digest = MD5Hasher.digest("abc".utf8)
    static let quoted = "\"900150983cd24fb0d6963f7d28e17f72\""

    @Test(arguments: [
        quoted,
        "\"900150983CD24FB0D6963F7D28E17F72\"",  // upper case: not what `hex` spells
        "900150983cd24fb0d6963f7d28e17f72",  // unquoted
        "\"900150983cd24fb0d6963f7d28e17f72-2\"",  // multipart
        "\"ffffffffffffffffffffffffffffffff\"",  // another digest's ETag
        "W/\"900150983cd24fb0d6963f7d28e17f72\"",
        "",
    ])
    func etagReadsBackAsGiven(etag: String) {
        let info = ObjectInfo(key: "k", size: 3, etag: etag, md5: Self.digest)
        #expect(info.etag == etag)
        #expect(info.md5 == Self.digest)
        #expect(ObjectInfo(key: "k", size: 3, etag: etag).etag == etag)
    }

    @Test func changingTheDigestKeepsTheETag() {
        var info = ObjectInfo(key: "k", size: 3, etag: Self.quoted, md5: Self.digest)
        info.md5 = nil
        #expect(info.etag == Self.quoted)
        info.md5 = MD5Hasher.digest("other".utf8)
        #expect(info.etag == Self.quoted)
        info.md5 = Self.digest
        #expect(info == ObjectInfo(key: "k", size: 3, etag: Self.quoted, md5: Self.digest))
    }

    @Test func equalityFollowsThePublicProperties() {
        let compact = ObjectInfo(key: "k", size: 3, etag: Self.quoted, md5: Self.digest)
        var assigned = ObjectInfo(key: "k", size: 3)
        assigned.etag = Self.quoted
        assigned.md5 = Self.digest
        #expect(compact == assigned)
        #expect(compact.hashValue == assigned.hashValue)
        #expect(compact != ObjectInfo(key: "k", size: 3, etag: Self.quoted))
        #expect(compact != ObjectInfo(key: "k", size: 3, md5: Self.digest))
    }
}
