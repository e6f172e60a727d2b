import ObjectStore
import MemoryBackend
import Testing
import TestSupport
import Transfer

@Suite("Shard: one machine's share of the keys")
struct ShardTests {
    /// Hashes computed by an independent implementation of the documented rule (a few lines of
    /// Python in the README): FNV-1a 64 of the UTF-8 bytes, then fmix64.
    @Test("the hash is the documented one", arguments: [
        ("", UInt64(0xefd0_1f60_ba99_2926)), ("a", 0x82a2_a958_a9be_ce5b),
        ("logs/2026/12/07/part-0001.gz", 0x5d49_836e_aee6_3be9), ("caf\u{e9}/\u{1F600}.txt", 0x7a68_28b6_8354_1131),
    ])
    func documentedHash(_ key: String, _ expected: UInt64) {
        #expect(Shard.hash(ObjectKey(key)) == expected)
    }

    static let keys: [ObjectKey] = {
        var keys = HostileKey.all().map { ObjectKey($0.key) }
        for index in 0..<70_000 { keys.append(ObjectKey("logs/2026/\(index % 31)/part-\(index).gz")) }
        return keys
    }()

    @Test("shards are disjoint, complete and even", arguments: [1, 2, 3, 7])
    func disjointAndComplete(_ count: Int) throws {
        let shards = try (0..<count).map { try Shard(index: $0, count: count) }
        var sizes = [Int](repeating: 0, count: count)
        for key in Self.keys {
            let owners = shards.filter { $0.contains(key) }
            #expect(owners.count == 1, "\(key.displayName) is in \(owners.count) shards")
            if let owner = owners.first { sizes[owner.index] += 1 }
        }
        #expect(sizes.reduce(0, +) == Self.keys.count)
        let even = Double(Self.keys.count) / Double(count)
        for size in sizes { #expect(abs(Double(size) - even) / even < 0.03, "shard sizes \(sizes)") }
    }

    @Test("K/N as typed", arguments: [("0/1", 0, 1), ("2/7", 2, 7), ("999999/1000000", 999_999, 1_000_000)])
    func parses(_ text: String, _ index: Int, _ count: Int) throws {
        #expect(try Shard(parsing: text, environment: [:]) == Shard(index: index, count: count))
    }

    @Test("bad values say what is wrong", arguments: [
        ("4/4", "the shard index must be between 0 and 3 for 4 shards (got 4)"),
        ("-1/4", "the index in '-1/4' is not a whole number (digits only)"),
        ("a/b", "the index in 'a/b' is not a whole number (digits only)"),
        ("1/0", "the shard count must be between 1 and 1000000 (got 0)"),
        ("3", "'3' is not K/N, auto or auto/N"),
        ("3/", "the count in '3/' is not a whole number (digits only)"),
        ("+1/4", "the index in '+1/4' is not a whole number (digits only)"),
        ("1/1000001", "the shard count must be between 1 and 1000000 (got 1000001)"),
        ("auto", "auto found no job index in the environment (looked for JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX, SLURM_ARRAY_TASK_ID)"),
    ])
    func refuses(_ text: String, _ message: String) {
        #expect { try Shard(parsing: text, environment: [:]) } throws: { error in
            (error as? ObjectStoreError)?.code == .invalidArgument && (error as? ObjectStoreError)?.message == message
        }
    }

    @Test("auto reads each engine's variables")
    func auto() throws {
        #expect(try Shard(parsing: "auto/8", environment: ["JOB_COMPLETION_INDEX": "5"]) == Shard(index: 5, count: 8))
        #expect(try Shard(parsing: "auto", environment: ["AWS_BATCH_JOB_ARRAY_INDEX": "3", "AWS_BATCH_JOB_ARRAY_SIZE": "4"]) == Shard(index: 3, count: 4))
        #expect(try Shard(parsing: "auto/6", environment: ["AWS_BATCH_JOB_ARRAY_INDEX": "3"]) == Shard(index: 3, count: 6))
        let slurm = ["SLURM_ARRAY_TASK_ID": "7", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_STEP": "2", "SLURM_ARRAY_TASK_COUNT": "5"]
        #expect(try Shard(parsing: "auto", environment: slurm) == Shard(index: 3, count: 5))
        #expect(try Shard(parsing: "auto", environment: ["SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "2"]) == Shard(index: 0, count: 2))
        // Kubernetes first, when a pod somehow carries more than one engine's variables.
        #expect(try Shard(parsing: "auto/2", environment: ["JOB_COMPLETION_INDEX": "1", "AWS_BATCH_JOB_ARRAY_INDEX": "0"]) == Shard(index: 1, count: 2))
    }

    @Test("auto without what it needs is refused", arguments: [
        (["JOB_COMPLETION_INDEX": "1"], "a Kubernetes Indexed Job gives the index (JOB_COMPLETION_INDEX) but not the count: write auto/N with N the Job's completions"),
        (["AWS_BATCH_JOB_ARRAY_INDEX": "1"], "an AWS Batch array job without AWS_BATCH_JOB_ARRAY_SIZE: write auto/N to give the count"),
        (["SLURM_ARRAY_TASK_ID": "1"], "a Slurm job array without SLURM_ARRAY_TASK_COUNT: write auto/N to give the count"),
        (["SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_STEP": "2", "SLURM_ARRAY_TASK_COUNT": "3"],
         "SLURM_ARRAY_TASK_ID=4 is not SLURM_ARRAY_TASK_MIN=1 plus a multiple of SLURM_ARRAY_TASK_STEP=2"),
        (["AWS_BATCH_JOB_ARRAY_INDEX": "4", "AWS_BATCH_JOB_ARRAY_SIZE": "4"], "the shard index must be between 0 and 3 for 4 shards (got 4)"),
        (["JOB_COMPLETION_INDEX": "x"], "a Kubernetes Indexed Job gives the index (JOB_COMPLETION_INDEX) but not the count: write auto/N with N the Job's completions"),
    ])
    func autoRefuses(_ environment: [String: String], _ message: String) {
        #expect { try Shard(parsing: "auto", environment: environment) } throws: { error in
            (error as? ObjectStoreError)?.message == message
        }
    }

    @Test("a sharded listing keeps only its keys, and its totals count only them")
    func listing() async throws {
        let source = MemoryStore()
        for index in 0..<500 { source.put(ObjectKey("k\(index)"), Array(repeating: 1, count: index % 9)) }
        var seen: [ObjectKey: Int] = [:]
        for index in 0..<3 {
            let progress = TransferProgress()
            let listing = try await SourceListing.open(source, prefix: "", shard: try Shard(index: index, count: 3), progress: progress)
            var count = 0
            while let page = try await listing.nextPage() {
                for object in page.objects { seen[object.key, default: 0] += 1; count += 1 }
            }
            #expect(progress.snapshot().objectsTotal == count)
            #expect(count > 100 && count < 240)
        }
        #expect(seen.count == 500 && seen.values.allSatisfy { $0 == 1 })
    }
}
