import Foundation
import Testing
import TestSupport

/// End-to-end: the real executable cloning buckets from a local S3-compatible server (moto).
@Suite("s3clone clones buckets from moto")
struct S3CloneMotoTests {
    let moto: MotoServer

    init() async throws {
        moto = try await MotoServer.shared
    }

    /// A clean environment: test credentials, no instance metadata, a home without ~/.aws.
    func environment(_ sandbox: TemporaryDirectory, credentials: Bool = true) -> [String: String] {
        ToolEnvironment.make(home: sandbox.path, accessKeyID: credentials ? "AKIDTESTCLONE" : nil)
    }

    static func bucket(_ label: String) -> String { "\(label)-\(UUID().uuidString.prefix(8).lowercased())" }

    /// A tree with nested folders, empty files, unicode, spaces, '+' and '%'.
    static func makeTree(_ sandbox: TemporaryDirectory) {
        var random = SeededBytes(seed: 21)
        for index in 0..<40 {
            sandbox.write("tree/logs/2026/\(index % 4)/part-\(index).bin", random.bytes(Int(random.next() % 30_000)))
        }
        sandbox.write("tree/empty.txt", [])
        sandbox.write("tree/a b/c+d%e.txt", "odd names")
        sandbox.write("tree/caf\u{e9}/\u{1F600}.txt", "unicode")
        sandbox.write("tree/top.txt", "top")
    }

    @Test("a bare bucket name clones the whole bucket, byte for byte; a second run sends no GET")
    func bareBucket() async throws {
        let sandbox = TemporaryDirectory("s3e2e")
        Self.makeTree(sandbox)
        let bucket = Self.bucket("bare")
        try await moto.seed(bucket: bucket, directory: sandbox.at("tree"))
        try FileManager.default.createDirectory(atPath: sandbox.at("clone"), withIntermediateDirectories: true)
        let first = try await S3CloneBinary.run(["--endpoint-url", moto.endpoint, bucket], in: sandbox.at("clone"), environment: environment(sandbox))
        #expect(first.status == 0, "\(first.standardError)")
        #expect(TreeSnapshot(sandbox.at("clone")).contentsByPath == TreeSnapshot(sandbox.at("tree")).contentsByPath)
        let gets = moto.objectRequests("GET", bucket: bucket)
        #expect(gets == 44)

        let second = try await S3CloneBinary.run(["--endpoint-url", moto.endpoint, bucket], in: sandbox.at("clone"), environment: environment(sandbox))
        #expect(second.status == 0)
        #expect(second.standardError.contains("copied 0 objects"))
        #expect(moto.objectRequests("GET", bucket: bucket) == gets)
    }

    @Test("listed in lanes or in one chain, a bucket clones to the same tree, and a file beside its folder is the same collision")
    func listersAgree() async throws {
        let sandbox = TemporaryDirectory("s3lanes")
        var keys: [(String, [UInt8])] = [("a", Array("file a".utf8)), ("a/b", Array("in a".utf8)), ("top", Array("top".utf8))]
        for folder in 0..<12 {
            for file in 0..<(folder + 1) { keys.append(("f\(folder)/sub/k\(file)", Array("\(folder).\(file)".utf8))) }
        }
        let bucket = Self.bucket("lanes")
        try await moto.seed(bucket: bucket, keys: keys)
        var trees: [[String: [UInt8]?]] = []
        for listers in ["1", "4"] {
            let result = try await S3CloneBinary.run(["--endpoint-url", moto.endpoint, "--listers", listers, "s3://\(bucket)", "out\(listers)"],
                                                     in: sandbox.path, environment: environment(sandbox))
            #expect(result.status == 1, "\(result.standardError)")
            let collisions = result.standardError.split(separator: "\n").filter { $0.contains("[collision]") }
            #expect(collisions.count == 1 && collisions.first?.contains("'a'") == true, "\(collisions)")
            trees.append(TreeSnapshot(sandbox.at("out\(listers)")).contentsByPath)
        }
        #expect(trees[0] == trees[1])
        #expect(trees[1]["a/b"] == Array("in a".utf8))
        #expect(trees[1].filter { $0.value != nil }.count == keys.count - 1)
    }

    @Test("s3://bucket/prefix clones one folder, relative to it; 'logs' and 'logs/' mean the same")
    func prefixClone() async throws {
        let sandbox = TemporaryDirectory("s3prefix")
        Self.makeTree(sandbox)
        let bucket = Self.bucket("prefix")
        try await moto.seed(bucket: bucket, directory: sandbox.at("tree"))
        for (index, url) in ["s3://\(bucket)/logs/2026", "s3://\(bucket)/logs/2026/"].enumerated() {
            let result = try await S3CloneBinary.run(["--endpoint-url", moto.endpoint, url, "out\(index)"], in: sandbox.path, environment: environment(sandbox))
            #expect(result.status == 0, "\(result.standardError)")
            #expect(TreeSnapshot(sandbox.at("out\(index)")).contentsByPath == TreeSnapshot(sandbox.at("tree/logs/2026")).contentsByPath)
        }
        let filtered = try await S3CloneBinary.run(["--endpoint-url", moto.endpoint, "--prefix", "logs/2026/1", "s3://\(bucket)", "out-filter"],
                                             in: sandbox.path, environment: environment(sandbox))
        #expect(filtered.status == 0)
        #expect(Set(TreeSnapshot(sandbox.at("out-filter")).entries.keys.filter { !$0.hasSuffix("/") })
                == Set((0..<40).filter { $0 % 4 == 1 }.map { "logs/2026/1/part-\($0).bin" }))
    }

    @Test("a missing bucket exits 2 and says so")
    func missingBucket() async throws {
        let sandbox = TemporaryDirectory("s3missing")
        let result = try await S3CloneBinary.run(["--endpoint-url", moto.endpoint, "s3://no-such-bucket-here", "out"], in: sandbox.path, environment: environment(sandbox))
        #expect(result.status == 2)
        #expect(result.standardError.contains("no-such-bucket-here"))
        #expect(result.standardError.contains("does not exist"))
        #expect(!FileManager.default.fileExists(atPath: sandbox.at("out")))
    }

    /// One job engine's variables for task `index` of `count`, and the `--shard` it is run with.
    static func engineTask(_ engine: String, _ index: Int, of count: Int) -> (variables: [String: String], shard: String) {
        switch engine {
        case "kubernetes": return (["JOB_COMPLETION_INDEX": "\(index)"], "auto/\(count)")
        case "batch": return (["AWS_BATCH_JOB_ARRAY_INDEX": "\(index)", "AWS_BATCH_JOB_ARRAY_SIZE": "\(count)"], "auto")
        default: return (["SLURM_ARRAY_TASK_ID": "\(10 + 5 * index)", "SLURM_ARRAY_TASK_MIN": "10", "SLURM_ARRAY_TASK_STEP": "5",
                          "SLURM_ARRAY_TASK_COUNT": "\(count)"], "auto")
        }
    }

    @Test("many machines, simulated: N processes with --shard auto and each engine's variables clone one bucket into N folders whose union is the bucket, nothing twice",
          arguments: [("kubernetes", 3), ("batch", 2), ("slurm", 4)])
    func fleet(_ engine: String, _ count: Int) async throws {
        let sandbox = TemporaryDirectory("s3fleet")
        Self.makeTree(sandbox)
        let bucket = Self.bucket("fleet")
        try await moto.seed(bucket: bucket, directory: sandbox.at("tree"))
        let running = try (0..<count).map { index in
            let task = Self.engineTask(engine, index, of: count)
            return try S3CloneBinary.start(["--endpoint-url", moto.endpoint, "--shard", task.shard, "s3://\(bucket)", "part\(index)"],
                                           in: sandbox.path, environment: environment(sandbox).merging(task.variables) { $1 })
        }
        var union: [String: [UInt8]?] = [:]
        for (index, machine) in running.enumerated() {
            let result = await machine.finish()
            #expect(result.status == 0, "\(result.standardError)")
            #expect(result.standardError.contains("shard \(index)/\(count): copied "), "\(result.standardError)")
            for (path, contents) in TreeSnapshot(sandbox.at("part\(index)")).contentsByPath where contents != nil {
                #expect(union[path] == nil, "\(path) copied by two machines")
                union[path] = contents
            }
        }
        #expect(union == TreeSnapshot(sandbox.at("tree")).contentsByPath.filter { $0.value != nil })
        #expect(moto.objectRequests("GET", bucket: bucket) == union.count, "each object fetched once by the whole fleet")
    }

    @Test("no credentials anywhere exits 2 and lists where it looked; --no-sign-request needs none")
    func noCredentials() async throws {
        let sandbox = TemporaryDirectory("s3nocreds")
        let bucket = Self.bucket("nocreds")
        try await moto.seed(bucket: bucket, keys: [("public.txt", Array("open".utf8))], publicRead: true)
        let refused = try await S3CloneBinary.run(["--endpoint-url", moto.endpoint, "s3://\(bucket)", "out"], in: sandbox.path,
                                            environment: environment(sandbox, credentials: false))
        #expect(refused.status == 2)
        #expect(refused.standardError.contains("no AWS credentials found"))
        #expect(refused.standardError.contains("AWS_ACCESS_KEY_ID"))
        #expect(refused.standardError.contains("(use --no-sign-request for public buckets)"), "the CLI names the flag that helps")
        let anonymous = try await S3CloneBinary.run(["--endpoint-url", moto.endpoint, "--no-sign-request", "s3://\(bucket)", "out"],
                                              in: sandbox.path, environment: environment(sandbox, credentials: false))
        #expect(anonymous.status == 0, "\(anonymous.standardError)")
        #expect(try String(contentsOfFile: sandbox.at("out/public.txt"), encoding: .utf8) == "open")
    }
}

@Suite("s3clone against hostile keys and refused credentials")
struct S3CloneHostileTests {
    @Test("every hostile key S3 accepts: nothing lands outside the destination, each refused key is reported")
    func hostileKeys() async throws {
        let moto = try await MotoServer.shared
        let sandbox = TemporaryDirectory("s3hostile")
        let bucket = "hostile-\(UUID().uuidString.prefix(8).lowercased())"
        let rows = HostileKey.all()
        let uploaded = try await moto.seed(
            bucket: bucket, keys: rows.map { ($0.key, $0.key.hasSuffix("/") ? [] : Array("data of \($0.category)".utf8)) },
            skipRejected: true)
        #expect(uploaded >= rows.count - 3)  // S3 itself refuses a few (the empty key, ...)
        // The destination lives inside a folder with a sentinel, beside an "outside" folder that a
        // symbolic link in the destination points to.
        sandbox.write("inside/sentinel", "untouched")
        try FileManager.default.createDirectory(atPath: sandbox.at("outside"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: sandbox.at("inside/dst"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: sandbox.at("inside/dst/dest-symlink"), withDestinationPath: sandbox.at("outside"))
        let before = TreeSnapshot(sandbox.path).entries.filter { !$0.key.hasPrefix("inside/dst/") }
        let environment = ToolEnvironment.make(home: sandbox.path)
        let result = try await S3CloneBinary.run(["--endpoint-url", moto.endpoint, "s3://\(bucket)", "dst"],
                                                 in: sandbox.at("inside"), environment: environment)
        #expect(result.status == 1)
        let after = TreeSnapshot(sandbox.path).entries.filter { !$0.key.hasPrefix("inside/dst/") }
        #expect(after == before, "written outside the destination: \(Set(after.keys).symmetricDifference(before.keys))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.at("outside")).isEmpty)
        // Every refused key is named in one error line; the output carries no raw control character.
        let refusals = result.standardError.split(separator: "\n").filter { $0.contains("[invalidKey]") }
        #expect(refusals.count >= rows.filter(\.mustReject).count - 3)
        #expect(result.standardError.contains("[collision]"))
        #expect(!result.standardError.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        // Keys that are merely unusual arrived under exactly their bytes.
        // (moto refuses keys with a line feed, so those never reach the bucket.)
        for row in rows where !row.mustReject && !row.key.contains("\n")
            && ["url-space", "url-plus", "url-percent", "emoji", "control-char", "unicode-nfc", "unicode-nfd"].contains(row.category) {
            #expect(FileManager.default.fileExists(atPath: sandbox.at("inside/dst/" + row.key)), "\(row)")
        }
    }

    @Test("credentials the server refuses exit 2 with a clear message")
    func wrongCredentials() async throws {
        // A moto of its own that checks credentials after the two actions that seed it.
        let moto = try await MotoServer.start(environment: ["INITIAL_NO_AUTH_ACTION_COUNT": "2"])
        let sandbox = TemporaryDirectory("s3auth")
        try await moto.seed(bucket: "authbucket", keys: [("a", [1])])
        let environment = ToolEnvironment.make(home: sandbox.path, accessKeyID: "AKIDWRONG", secret: "nope")
        let result = try await S3CloneBinary.run(["--endpoint-url", moto.endpoint, "s3://authbucket", "out"], in: sandbox.path, environment: environment)
        #expect(result.status == 2)
        #expect(result.standardError.contains("InvalidAccessKeyId"))
        #expect(!result.standardError.contains("nope"))
        #expect(!FileManager.default.fileExists(atPath: sandbox.at("out")))
    }
}

@Suite("s3clone --verify etag against multipart objects")
struct S3CloneMultipartVerifyTests {
    @Test("a multipart object is verified by its ETag in its part size; a same-size change is reported")
    func multipartETag() async throws {
        let moto = try await MotoServer.shared
        let sandbox = TemporaryDirectory("s3etag")
        let bucket = "etag-\(UUID().uuidString.prefix(8).lowercased())"
        try await moto.seed(bucket: bucket, keys: [("small.txt", Array("plain etag".utf8))], multipart: [("big.bin", 11_000_000, 5 << 20)])
        let environment = ToolEnvironment.make(home: sandbox.path)
        let arguments = ["--endpoint-url", moto.endpoint, "--verify", "etag", "s3://\(bucket)", "out"]
        let first = try await S3CloneBinary.run(arguments, in: sandbox.path, environment: environment)
        #expect(first.status == 0, "\(first.standardError)")
        #expect(!first.standardError.contains("unverified"), "\(first.standardError)")
        #expect(FileManager.default.contents(atPath: sandbox.at("out/big.bin")).map(Array.init) == (0..<11_000_000).map { UInt8($0 % 251) })

        let again = try await S3CloneBinary.run(arguments, in: sandbox.path, environment: environment)
        #expect(again.status == 0)
        #expect(again.standardError.contains("skipped 2"))

        // Same size, one byte different in the second part: reported as an ETag mismatch, left alone.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: sandbox.at("out/big.bin")))
        try handle.seek(toOffset: 6_000_000)
        try handle.write(contentsOf: [0xFF])
        try handle.close()
        let changed = try await S3CloneBinary.run(arguments, in: sandbox.path, environment: environment)
        #expect(changed.status == 3)
        #expect(changed.standardOutput.hasPrefix("out/big.bin: etag mismatch (local "), "\(changed.standardOutput)")
        #expect(changed.standardOutput.contains("-3, source "))
    }
}
