import CurlHTTP
import Foundation

/// One case of the SigV4 test vectors in `Tests/Fixtures/sigv4`: a folder holding
/// `<name>.req` and the expected `.creq`, `.sts`, `.authz`.
struct SigV4Vector: Sendable, CustomStringConvertible {
    /// The case folder relative to its collection, such as `normalize-path/get-slash`.
    var path: String
    /// The folder of the collection (`aws-sig-v4-test-suite` or `s3-examples`).
    var collection: URL

    /// The name of the case (the last part of ``path``), which names its files.
    var name: String { String(path.split(separator: "/").last ?? "") }

    var description: String { path }

    /// `Tests/Fixtures/sigv4` of this package.
    static var fixtures: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/sigv4")
    }

    /// The AWS test suite (2015 edition, as botocore ships it).
    static func suite(_ path: String) -> SigV4Vector {
        SigV4Vector(path: path, collection: fixtures.appendingPathComponent("aws-sig-v4-test-suite"))
    }

    /// The worked examples of the S3 API Reference.
    static func s3Example(_ path: String) -> SigV4Vector {
        SigV4Vector(path: path, collection: fixtures.appendingPathComponent("s3-examples"))
    }

    /// The bytes of `<name>.<fileExtension>`, exactly as stored.
    func bytes(_ fileExtension: String) throws -> [UInt8] {
        let url = collection.appendingPathComponent(path).appendingPathComponent(name + "." + fileExtension)
        return Array(try Data(contentsOf: url))
    }

    /// The text of `<name>.<fileExtension>`, exactly as stored (no file ends with a newline).
    func text(_ fileExtension: String) throws -> String {
        String(decoding: try bytes(fileExtension), as: UTF8.self)
    }

    /// The parsed `<name>.req`.
    func request() throws -> RawHTTPRequest {
        try RawHTTPRequest(parsing: bytes("req"))
    }

    /// Every case folder under `collection` (a folder holding a `.req` named after itself).
    static func allCasePaths(in collection: URL) -> Set<String> {
        var paths = Set<String>()
        let enumerator = FileManager.default.enumerator(atPath: collection.path)
        while let relative = enumerator?.nextObject() as? String {
            guard relative.hasSuffix(".req") else { continue }
            let folder = (relative as NSString).deletingLastPathComponent
            let file = ((relative as NSString).lastPathComponent as NSString).deletingPathExtension
            if (folder as NSString).lastPathComponent == file { paths.insert(folder) }
        }
        return paths
    }
}
