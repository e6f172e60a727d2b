import ObjectStore

extension Shard {
    /// Reads a shard as a user writes it: `K/N` (`0 <= K < N`), `auto` (index and count from the
    /// job engine running this process), or `auto/N` (index from the engine, count given: for
    /// Kubernetes, which gives no count).
    ///
    /// `auto` looks, in this order, for a Kubernetes Indexed Job (`JOB_COMPLETION_INDEX`; the
    /// count must be given), an AWS Batch array job (`AWS_BATCH_JOB_ARRAY_INDEX`,
    /// `AWS_BATCH_JOB_ARRAY_SIZE`) and a Slurm job array (`SLURM_ARRAY_TASK_ID` counted from
    /// `SLURM_ARRAY_TASK_MIN` in steps of `SLURM_ARRAY_TASK_STEP`, `SLURM_ARRAY_TASK_COUNT`).
    ///
    /// - Throws: ``ObjectStoreError`` `invalidArgument`, saying what is wrong with the text or the
    ///   environment (it names no flag: the caller does).
    public init(parsing text: String, environment: [String: String]) throws {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 || text == "auto" else {
            throw ObjectStoreError(.invalidArgument, "'\(text.escapedForDisplay)' is not K/N, auto or auto/N")
        }
        if parts[0] == "auto" {
            try self.init(environment: environment, count: parts.count == 2 ? try Self.number(parts[1], "count", in: text) : nil)
        } else {
            let index = try Self.number(parts[0], "index", in: text)
            try self.init(index: index, count: try Self.number(parts[1], "count", in: text))
        }
    }

    /// The shard a job engine gave this process; `count` overrides the engine's.
    private init(environment: [String: String], count givenCount: Int?) throws {
        if let index = environment["JOB_COMPLETION_INDEX"] {
            guard let givenCount else {
                throw ObjectStoreError(.invalidArgument, "a Kubernetes Indexed Job gives the index (JOB_COMPLETION_INDEX) but not the count: write auto/N with N the Job's completions")
            }
            try self.init(index: try Self.number(index, "index", in: "JOB_COMPLETION_INDEX=\(index)"), count: givenCount)
        } else if let index = environment["AWS_BATCH_JOB_ARRAY_INDEX"] {
            let count = try givenCount ?? Self.required("AWS_BATCH_JOB_ARRAY_SIZE", in: environment, engine: "an AWS Batch array job")
            try self.init(index: try Self.number(index, "index", in: "AWS_BATCH_JOB_ARRAY_INDEX=\(index)"), count: count)
        } else if let task = environment["SLURM_ARRAY_TASK_ID"] {
            let id = try Self.number(task, "task id", in: "SLURM_ARRAY_TASK_ID=\(task)")
            let minimum = try environment["SLURM_ARRAY_TASK_MIN"].map { try Self.number($0, "minimum", in: "SLURM_ARRAY_TASK_MIN=\($0)") } ?? 0
            let step = try environment["SLURM_ARRAY_TASK_STEP"].map { try Self.number($0, "step", in: "SLURM_ARRAY_TASK_STEP=\($0)") } ?? 1
            guard step > 0, id >= minimum, (id - minimum) % step == 0 else {
                throw ObjectStoreError(.invalidArgument, "SLURM_ARRAY_TASK_ID=\(id) is not SLURM_ARRAY_TASK_MIN=\(minimum) plus a multiple of SLURM_ARRAY_TASK_STEP=\(step)")
            }
            let count = try givenCount ?? Self.required("SLURM_ARRAY_TASK_COUNT", in: environment, engine: "a Slurm job array")
            try self.init(index: (id - minimum) / step, count: count)
        } else {
            throw ObjectStoreError(.invalidArgument, "auto found no job index in the environment (looked for JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX, SLURM_ARRAY_TASK_ID)")
        }
    }

    private static func required(_ name: String, in environment: [String: String], engine: String) throws -> Int {
        guard let value = environment[name] else {
            throw ObjectStoreError(.invalidArgument, "\(engine) without \(name): write auto/N to give the count")
        }
        return try number(value, "count", in: "\(name)=\(value)")
    }

    /// A non-negative decimal number, digits only (no sign, no spaces).
    private static func number(_ text: String, _ role: String, in context: String) throws -> Int {
        guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let value = Int(text) else {
            throw ObjectStoreError(.invalidArgument, "the \(role) in '\(context.escapedForDisplay)' is not a whole number (digits only)")
        }
        return value
    }
}
