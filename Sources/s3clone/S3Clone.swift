import ArgumentParser
import Clone
import FoundationEssentials
import Logging
import ObjectStore
import Reporting
import Transfer

/// The `s3clone` command: parse, open the two stores, plan, run, print. All logic lives in the
/// libraries; this type only wires them together.
struct S3Clone: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "s3clone",
        abstract: "Copy a whole object store (an S3 bucket, a local directory tree) to local disk, fast and safely.",
        discussion: """
            Objects are copied smallest first, many at a time. Nothing appears under its final name \
            until it is complete; an interrupted run leaves no partial file and a rerun finishes the job. \
            Existing files of the right size are skipped; files that differ are reported as \
            'PATH: size mismatch (local N bytes, source M bytes)' on standard output and left \
            untouched unless --overwrite is given.

            SOURCE is s3://bucket[/prefix], a bare bucket name, file:///path, or a local path \
            (write ./name for a local directory whose name looks like a bucket). S3 credentials \
            come from the environment, the shared AWS files, web identity, the container or the \
            instance metadata, in the AWS SDKs' order (see the README). DEST is a local \
            directory, created if missing (default: the current directory).

            EXAMPLES:
              s3clone ./photos /backup/photos          mirror a directory tree
              s3clone -j 16 --verify etag ./src dst    compare MD5s of same-size files too
              s3clone --verify checksum my-bucket      compare same-size files with S3's checksums
              s3clone --dry-run --overwrite ./src dst  show what would be replaced
              s3clone my-bucket                        clone a bucket here
              s3clone s3://my-bucket/logs ./logs       clone one folder of a bucket
              s3clone --shard 2/8 my-bucket ./part2    one machine's eighth of a bucket
              s3clone --endpoint-url http://127.0.0.1:9000 s3://b ./b
                                                       from MinIO (or any S3-compatible)

            EXIT STATUS:
              0    the destination holds every selected object
              1    some objects failed (each reported on standard error)
              2    usage or configuration error: a bad flag, a missing source or
                   bucket, an unwritable destination, refused or no credentials
              3    finished, but existing files that differ were reported and
                   left untouched
              130  interrupted (Ctrl-C); run the same command again to resume
            """,
        version: version
    )

    @Argument(help: "What to copy: s3://bucket/prefix, a bucket name, file:///path or a local path.")
    var source: String

    @Argument(help: "Local directory to copy into (default: the current directory).")
    var destination: String = "."

    @Option(name: [.customShort("j"), .long], help: ArgumentHelp(
        "Requests in flight at once, at most (1-10000). Default: start at \(ConcurrencyLimit.defaultStart) and grow up to \(ConcurrencyLimit.adaptiveCeiling) while requests do not slow down.",
        valueName: "n"))
    var workers: Int?

    @Option(help: ArgumentHelp(
        "Only copy keys under this folder of the source (keys keep it). 'logs' and 'logs/' both mean the folder logs/.",
        valueName: "folder"))
    var prefix: String?

    @Option(help: ArgumentHelp(
        "Take one share of the keys: K/N (0 <= K < N, by a hash of the key), or auto (index and count from Kubernetes, AWS Batch or Slurm; auto/N where the engine gives no count).",
        valueName: "K/N|auto"))
    var shard: String?

    @Option(help: ArgumentHelp(
        "ListObjectsV2 requests in flight at once over disjoint folders of an S3 source (1-64).",
        valueName: "n"))
    var listers: Int = CloneRequest.defaultListers

    @Option(help: ArgumentHelp(
        "List the S3 source from this S3 Inventory report (CSV) instead of ListObjectsV2: the s3:// URL or local path of its manifest.json.",
        valueName: "manifest"))
    var inventory: String?

    @Option(help: ArgumentHelp("How to tell an existing file matches: 'size' (default), 'etag' (also compare MD5s) or 'checksum' (also compare S3's stored checksum; cached in the file's user.s3clone.* attribute).", valueName: "size|etag|checksum"))
    var verify: ComparisonPolicy.Verification = .size

    @Flag(help: "Do not check new copies against the checksums the source keeps (S3's x-amz-checksum-*, MD5 ETags); counts bytes only.")
    var ignoreChecksum = false

    @Flag(help: "Exit without waiting for the copies to reach stable storage (by default a run that copied anything ends with one syncfs of the destination).")
    var noSync = false

    @Flag(help: "Replace existing files that differ (atomically) instead of only reporting them.")
    var overwrite = false

    @Option(help: "Further attempts after a transient failure (0-100).")
    var retries: Int = 5

    @Option(help: ArgumentHelp("Objects larger than this download as parallel byte ranges of this size (MiB, 1-5120).", valueName: "MiB"))
    var partSize: Int = 32

    @Option(help: ArgumentHelp(
        "Memory for the run's state, whatever the size of the bucket (MiB, 1-1048576); past half of it the objects waiting to be copied spill to nameless files in DEST.",
        valueName: "MiB"))
    var memoryBudget: Int = TransferOptions.defaultMemoryBudget >> 20

    @Flag(help: "Print what would be done for each object, with the reason; write nothing.")
    var dryRun = false

    @Flag(name: .shortAndLong, help: "No progress line and no summary (mismatches and errors are still printed).")
    var quiet = false

    @Flag(name: .shortAndLong, help: "More detail on standard error (-vv debug output; -vvv every HTTP request and answer, credentials redacted).")
    var verbose: Int

    @OptionGroup(title: "S3")
    var s3: S3Options

    func validate() throws {
        if let workers, !(1...10_000).contains(workers) {
            throw ValidationError("--workers must be between 1 and 10000 (got \(workers))")
        }
        guard (1...5120).contains(partSize) else {
            throw ValidationError("--part-size must be between 1 and 5120 MiB (got \(partSize))")
        }
        guard (1...64).contains(listers) else {
            throw ValidationError("--listers must be between 1 and 64 (got \(listers))")
        }
        guard (1...1_048_576).contains(memoryBudget) else {
            throw ValidationError("--memory-budget must be between 1 and 1048576 MiB (got \(memoryBudget))")
        }
        guard (0...100).contains(retries) else {
            throw ValidationError("--retries must be between 0 and 100 (got \(retries))")
        }
        _ = try parsedShard()
    }

    /// `--shard` as a ``Shard`` (the whole selection without it).
    func parsedShard() throws -> Shard {
        guard let shard else { return .whole }
        do {
            return try Shard(parsing: shard, environment: ProcessInfo.processInfo.environment)
        } catch let error as ObjectStoreError {
            throw ValidationError("--shard: \(error.message)")
        }
    }

    func run() async throws {
        try await execute()
    }

    /// The whole run. `main.swift` calls this directly so that a usage error exits with status 2.
    func execute() async throws {
        var logger = Logger(label: "s3clone") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose >= 3 ? .trace : verbose == 2 ? .debug : verbose == 1 ? .info : .warning
        Resources.raiseOpenFileLimit()
        Resources.returnLargeBlocksToTheSystem()
        Resources.limitAllocatorArenas()
        let request = CloneRequest(
            source: source, destination: destination, prefix: prefix, shard: try parsedShard(), workers: workers, retries: retries,
            policy: ComparisonPolicy(verification: verify, overwrite: overwrite), partSize: Int64(partSize) << 20,
            memoryBudget: memoryBudget << 20, checksCopies: !ignoreChecksum, flushesCopies: !noSync, listers: listers, inventory: inventory,
            dryRun: dryRun, verbosity: verbose, s3: s3.accessOptions(connections: ConcurrencyLimit.defaultStart))
        let clone = CloneRun(request: request, environment: ProcessInfo.processInfo.environment,
                             output: Console(quiet: quiet), hints: .s3clone, logger: logger)
        let status = await Interrupts().cancellingOnSignal { await clone.run() }
        if status != ExitStatus.success {
            throw ExitCode(status)
        }
    }
}

extension ComparisonPolicy.Verification: ExpressibleByArgument {}
