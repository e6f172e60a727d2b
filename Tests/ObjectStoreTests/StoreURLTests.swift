import ObjectStore
import Testing

/// One row of the parsing table: what the user typed and what it must mean (`nil`: rejected).
struct URLCase: Sendable, CustomTestStringConvertible {
    let input: String
    let bareWord: StoreURL.BareWord
    let expected: StoreURL?

    static func s3(_ input: String, bucket: String, prefix: String, as bareWord: StoreURL.BareWord = .bucketIfValid) -> Self {
        Self(input: input, bareWord: bareWord, expected: StoreURL(scheme: .s3, bucket: bucket, path: prefix))
    }

    static func file(_ input: String, path: String, as bareWord: StoreURL.BareWord = .bucketIfValid) -> Self {
        Self(input: input, bareWord: bareWord, expected: StoreURL(scheme: .file, path: path))
    }

    static func invalid(_ input: String, as bareWord: StoreURL.BareWord = .bucketIfValid) -> Self {
        Self(input: input, bareWord: bareWord, expected: nil)
    }

    var testDescription: String { "\(input.escapedForDisplay) (\(bareWord))" }
}

struct StoreURLTests {
    static let valid: [URLCase] = [
        .s3("s3://bucket", bucket: "bucket", prefix: ""),
        .s3("s3://bucket/", bucket: "bucket", prefix: ""),
        .s3("s3://bucket/logs", bucket: "bucket", prefix: "logs/"),
        .s3("s3://bucket/logs/", bucket: "bucket", prefix: "logs/"),
        .s3("s3://b-1.example/a/b", bucket: "b-1.example", prefix: "a/b/"),
        .s3("s3://bucket/a/b/", bucket: "bucket", prefix: "a/b/"),
        .s3("S3://bucket/x", bucket: "bucket", prefix: "x/"),  // the scheme is case-insensitive
        .s3("s3://bucket/caf\u{E9} m+n", bucket: "bucket", prefix: "caf\u{E9} m+n/"),  // prefixes are not percent-decoded
        .s3("s3://bucket", bucket: "bucket", prefix: "", as: .path),  // a scheme wins over the bare-word rule
        .file("file:///tmp/x", path: "/tmp/x"),
        .file("file:///", path: "/"),
        .file("file:///a%20b", path: "/a b"),
        .file("file:///caf%C3%A9/%25", path: "/caf\u{E9}/%"),
        .file("file://localhost/x", path: "/x"),
        .file("FILE:///x", path: "/x"),
        .s3("my-bucket", bucket: "my-bucket", prefix: ""),
        .s3("logs.2024", bucket: "logs.2024", prefix: ""),
        .file("my-bucket", path: "my-bucket", as: .path),
        .file("My_Dir", path: "My_Dir"),
        .file("ab", path: "ab"),  // too short for a bucket
        .file("./my-bucket", path: "./my-bucket"),
        .file("./my-bucket", path: "./my-bucket", as: .path),
        .file("/abs", path: "/abs"),
        .file("/abs", path: "/abs", as: .path),
        .file("~/x", path: "~/x"),
        .file("~", path: "~"),
        .file("a/b", path: "a/b"),
        .file(".", path: "."),
        .file(".", path: ".", as: .path),
        .file("..", path: ".."),
        .file(".hidden", path: ".hidden"),
    ]

    static let invalid: [URLCase] = [
        .invalid(""),
        .invalid("", as: .path),
        .invalid("s3://Bad_Name"),
        .invalid("s3://BUCKET/x"),
        .invalid("s3://ab"),
        .invalid("s3://"),
        .invalid("s3:///x"),
        .invalid("s3://b//x"),  // an empty segment in the prefix
        .invalid("s3://bucket/a//b/"),
        .invalid("s3://bucket/a\0b"),
        .invalid("file://host/x"),
        .invalid("file://localhost"),
        .invalid("file://relative/path"),
        .invalid("file:///a%2"),  // truncated escape
        .invalid("file:///a%zz"),
        .invalid("file:///a%+1"),  // not two hex digits, though a sign parses as a number
        .invalid("file:///a%-0"),
        .invalid("file:///%FF"),  // not UTF-8
        .invalid("file:///tmp/a%00b"),  // a NUL would cut the path short in every system call
        .invalid("gs://x"),
        .invalid("http://bucket/x"),
        .invalid("://x"),
    ]

    @Test(arguments: valid)
    func parses(row: URLCase) throws {
        let url = try StoreURL(parsing: row.input, bareWord: row.bareWord)
        let expected = try #require(row.expected)
        #expect(url.scheme == expected.scheme)
        #expect(url.bucket == expected.bucket)
        #expect(Array(url.path.utf8) == Array(expected.path.utf8))
    }

    @Test(arguments: invalid)
    func rejects(row: URLCase) {
        let error = #expect(throws: ObjectStoreError.self) {
            try StoreURL(parsing: row.input, bareWord: row.bareWord)
        }
        #expect(error?.code == .invalidArgument)
    }

    @Test(arguments: [
        ("s3://bucket", "s3://bucket/"),
        ("s3://bucket/logs", "s3://bucket/logs/"),
        ("file:///a%20b", "/a b"),
        ("./dir", "./dir"),
    ])
    func description(input: String, expected: String) throws {
        #expect(try StoreURL(parsing: input, bareWord: .bucketIfValid).description == expected)
    }

    @Test(arguments: [
        ("abc", true),
        (String(repeating: "a", count: 63), true),
        ("ab", false),
        (String(repeating: "a", count: 64), false),
        ("", false),
        ("-abc", false),
        ("abc-", false),
        (".abc", false),
        ("abc.", false),
        ("a-b.c", true),
        ("123", true),
        ("a_b", false),
        ("Abc", false),
        ("a b", false),
        ("ab\u{E9}", false),
        ("a/b", false),
    ])
    func isValidBucketName(name: String, expected: Bool) {
        #expect(StoreURL.isValidBucketName(name) == expected)
    }

    @Test(arguments: [
        ("", ""),
        ("a", "a/"),
        ("a/", "a/"),
        ("a/b", "a/b/"),
        ("a/b/", "a/b/"),
        ("caf\u{E9}", "caf\u{E9}/"),
    ])
    func folderPrefixNormalizes(prefix: String, expected: String) throws {
        #expect(Array(try StoreURL.folderPrefix(prefix).utf8) == Array(expected.utf8))
    }

    @Test(arguments: [
        "a//b",
        "/a",
        "a//",
        "//",
        "a\0b",
        "a//\u{301}b",  // an empty segment hidden by a combining mark after the slash
    ])
    func folderPrefixRejectsEmptySegmentsAndNUL(prefix: String) {
        let error = #expect(throws: ObjectStoreError.self) {
            try StoreURL.folderPrefix(prefix)
        }
        #expect(error?.code == .invalidArgument)
    }
}
