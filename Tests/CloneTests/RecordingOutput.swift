import Clone
import Synchronization

/// A ``CloneOutput`` that keeps every line, by kind, for a test to read.
final class RecordingOutput: CloneOutput {
    struct Lines: Sendable {
        var output: [String] = []
        var errors: [String] = []
        var notes: [String] = []
        var details: [String] = []
    }

    private let lines = Mutex(Lines())

    var recorded: Lines { lines.withLock { $0 } }

    func output(_ line: String) { lines.withLock { $0.output.append(line) } }
    func error(_ line: String) { lines.withLock { $0.errors.append(line) } }
    func note(_ line: String) { lines.withLock { $0.notes.append(line) } }
    func detail(_ line: String) { lines.withLock { $0.details.append(line) } }
    var showsProgress: Bool { false }
    func progress(_ line: String) {}
    func clearProgress() {}
}
