/// Where a clone's text goes. The CLI's console writes results to standard output and the rest to
/// standard error; tests record the lines. Calls may come from any task, at once.
public protocol CloneOutput: Sendable {
    /// A result line: a `PATH: size mismatch ...` report, a dry-run line.
    func output(_ line: String)
    /// An error line (the console prefixes `s3clone: error: `); always shown.
    func error(_ line: String)
    /// A summary or informational line; an output may hide these (`--quiet`).
    func note(_ line: String)
    /// A line asked for by verbosity (each copy, retry, skip); always shown.
    func detail(_ line: String)
    /// Whether a live progress line is wanted (a terminal, not quiet).
    var showsProgress: Bool { get }
    /// Shows `line` as the live progress line, replacing the one before.
    func progress(_ line: String)
    /// Removes the progress line.
    func clearProgress()
}
