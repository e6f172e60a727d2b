import ObjectStore
import Testing

/// Keys compare by UTF-8 bytes, the order S3 lists them in, and are never normalized.
struct ObjectKeyTests {
    /// Pairs in strictly ascending byte order.
    static let ascendingPairs: [(String, String)] = [
        ("", "a"),
        ("Z", "a"),  // upper case sorts before lower case
        ("a", "a/"),  // a prefix sorts first
        ("a-", "a/"),  // '-' 0x2D < '/' 0x2F
        ("a/", "a0"),  // '/' 0x2F < '0' 0x30
        ("a/z", "a0"),  // the separator is an ordinary byte, not a hierarchy
        ("e\u{301}", "\u{E9}"),  // 65 CC 81 < C3 A9: canonically equivalent, still ordered by bytes
        ("z", "\u{E9}"),  // ASCII before any multi-byte scalar
        ("\u{E9}", "\u{1F600}"),  // C3 < F0
        ("\u{FF61}", "\u{10000}"),  // EF < F0 in UTF-8, though UTF-16 orders them the other way
        ("a", "ab"),  // equal up to the shorter one's end
        ("data/2025/part-0001.bin", "data/2025/part-0001.bin.gz"),  // both stored out of line
        ("part-0001", "part-0001/a-key-long-enough-to-live-on-the-heap"),  // inline against out of line
        ("a-key-long-enough-to-live-on-the-heap/0", "b"),
    ]

    @Test(arguments: ascendingPairs)
    func ordersByUTF8Bytes(lhs: String, rhs: String) {
        let lower = ObjectKey(lhs)
        let upper = ObjectKey(rhs)
        #expect(lower < upper)
        #expect(!(upper < lower))
        #expect(lower != upper)
    }

    @Test func sortsAListInByteOrder() {
        let keys: [ObjectKey] = ["b", "a/b", "\u{E9}", "a", "A", "e\u{301}", "a/", "a0"]
        #expect(keys.sorted().map(\.rawValue) == ["A", "a", "a/", "a/b", "a0", "b", "e\u{301}", "\u{E9}"])
    }

    /// Canonically equivalent strings are equal as `String`s, but they are two keys, as on S3.
    @Test(arguments: [
        ("caf\u{E9}.txt", "cafe\u{301}.txt"),
        ("\u{C5}", "\u{212B}"),  // LATIN CAPITAL A WITH RING vs ANGSTROM SIGN
        ("\u{1E9B}\u{323}", "\u{17F}\u{323}\u{307}"),
    ])
    func canonicallyEquivalentKeysAreDistinct(first: String, second: String) {
        let a = ObjectKey(first)
        let b = ObjectKey(second)
        #expect(a != b)
        #expect(Set([a, b]).count == 2)
        #expect((a < b) != (b < a))
    }

    @Test func equalBytesOfDifferentStorageAreEqualKeys() {
        let long = "a-key-long-enough-to-live-on-the-heap/" + "caf\u{E9}"
        let built = ObjectKey(String(decoding: Array(long.utf8), as: UTF8.self))
        let sliced = ObjectKey(String(("x" + long).dropFirst()))
        #expect(built == ObjectKey(long) && sliced == ObjectKey(long))
        #expect(ObjectKey(long) != ObjectKey(long + "x") && ObjectKey(long + "x") != ObjectKey(long))
        #expect(!(built < sliced) && !(sliced < built))
    }

    @Test(arguments: [
        ("dir/file", "dir/", true),
        ("dir/file", "", true),
        ("dir", "dir", true),
        ("dir", "dir/", false),
        ("cafe\u{301}/x", "caf\u{E9}", false),  // equivalent to String.hasPrefix, not byte-equal
        ("caf\u{E9}/x", "caf\u{E9}", true),
        ("a-key-long-enough-to-live-on-the-heap/x", "a-key-long-enough-to-live-on-the-heap/", true),
        ("a-key-long-enough-to-live-on-the-heap/x", "a-key-long-enough-to-live-on-the-heap/y", false),
    ])
    func bytePrefix(string: String, prefix: String, expected: Bool) {
        #expect(string.hasBytePrefix(prefix) == expected)
    }

    @Test func equalBytesAreEqualKeys() {
        let a = ObjectKey("dir/caf\u{E9}")
        let b = ObjectKey("dir/" + "caf\u{E9}")
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(!(a < b) && !(b < a))
    }

    @Test(arguments: [
        ("dir/", true),
        ("a/b/", true),
        ("/", true),
        ("dir", false),
        ("", false),
        ("a/b", false),
        ("dir/\u{301}", false),  // ends with a combining mark, not with a '/' byte
    ])
    func isDirectoryMarker(key: String, expected: Bool) {
        #expect(ObjectKey(key).isDirectoryMarker == expected)
    }

    @Test(arguments: [
        ("a", ["a"]),
        ("a/b/c", ["a", "b", "c"]),
        ("dir/", ["dir", ""]),
        ("/a", ["", "a"]),
        ("a//b", ["a", "", "b"]),
        ("", [""]),
        ("caf\u{E9}/\u{1F600}.png", ["caf\u{E9}", "\u{1F600}.png"]),
        // A combining mark after '/' forms one Character with it; the key still splits at the byte.
        ("../\u{301}x", ["..", "\u{301}x"]),
        ("a/\u{301}", ["a", "\u{301}"]),
    ])
    func segmentsSplitAtEverySlashByte(key: String, expected: [String]) {
        let segments = ObjectKey(key).segments
        #expect(segments.map { Array($0.utf8) } == expected.map { Array($0.utf8) })
    }

    @Test func displayNameEscapesControlCharacters() {
        let key = ObjectKey("evil\n\u{1B}[2Jname")
        #expect(key.displayName == "evil\\n\\u{1B}[2Jname")
        #expect(key.rawValue == "evil\n\u{1B}[2Jname")
    }

    @Test func literalAndInitializerAgree() {
        let literal: ObjectKey = "a/b.txt"
        #expect(literal == ObjectKey("a/b.txt"))
        #expect(literal.description == "a/b.txt")
    }
}
