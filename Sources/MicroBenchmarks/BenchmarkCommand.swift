import Foundation

/// `s3clone-microbench [--json] [--list] [NAME...]`: runs the named benchmarks (all by default) and
/// prints one line per benchmark, or one JSON object per line with `--json`.
///
/// When more than one benchmark runs, each runs in a child process of its own (this program run
/// again with one name), so that each peak RSS belongs to one benchmark alone.
struct BenchmarkCommand {
    var names: [String] = []
    var json = false
    var listOnly = false

    static let usage = """
        usage: s3clone-microbench [--json] [--list] [NAME...]
        Runs the named micro-benchmarks (all when none is named), each in its own process when
        there are several. Build with -c release: a debug build measures the debug build.
        """

    /// Reads the arguments (without the program name).
    /// - Throws: ``UsageError`` for an unknown option or benchmark name.
    init(arguments: [String]) throws {
        for argument in arguments {
            switch argument {
            case "--json": json = true
            case "--list": listOnly = true
            case "-h", "--help": throw UsageError(message: Self.usage, isRequest: true)
            case let name where name.hasPrefix("-"): throw UsageError(message: "unknown option \(name)\n" + Self.usage)
            case let name where MicroBenchmark.all.contains { $0.name == name }: names.append(name)
            default: throw UsageError(message: "unknown benchmark \(argument); --list shows them")
            }
        }
    }

    /// Runs the selection; returns whether every benchmark succeeded.
    func run() async -> Bool {
        let selected = names.isEmpty ? MicroBenchmark.all : MicroBenchmark.all.filter { names.contains($0.name) }
        if listOnly {
            for benchmark in selected { print(benchmark.name.padding(toLength: 22, withPad: " ", startingAt: 0) + benchmark.summary) }
            return true
        }
        if selected.count == 1 { return await runHere(selected[0]) }
        var succeeded = true
        for benchmark in selected {
            succeeded = runInChildProcess(benchmark) && succeeded
        }
        return succeeded
    }

    private func runHere(_ benchmark: MicroBenchmark) async -> Bool {
        do {
            let result = try await benchmark.run()
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(result), as: UTF8.self))
            } else {
                print(result.line)
            }
            return true
        } catch {
            FileHandle.standardError.write(Data("\(benchmark.name) failed: \(error)\n".utf8))
            return false
        }
    }

    private func runInChildProcess(_ benchmark: MicroBenchmark) -> Bool {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        child.arguments = (json ? ["--json"] : []) + [benchmark.name]
        do {
            try child.run()
            child.waitUntilExit()
            return child.terminationReason == .exit && child.terminationStatus == 0
        } catch {
            FileHandle.standardError.write(Data("\(benchmark.name) could not start: \(error)\n".utf8))
            return false
        }
    }
}

/// A command line the program cannot run, or a request for help.
struct UsageError: Error {
    var message: String
    /// `--help`: print the message and succeed.
    var isRequest = false
}
