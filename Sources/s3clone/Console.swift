#if canImport(Glibc)
import Glibc
#endif
import Clone
import Synchronization

/// Everything s3clone prints: results on standard output, errors, notes and the live progress line
/// on standard error. Safe to call from any task; lines never interleave mid-line.
final class Console: CloneOutput {
    private let quiet: Bool
    /// On a terminal and without `--quiet`.
    let showsProgress: Bool
    /// Whether a progress line is on screen (and must be cleared before another line is printed).
    private let progressVisible = Mutex(false)

    init(quiet: Bool) {
        self.quiet = quiet
        self.showsProgress = !quiet && isatty(STDERR_FILENO) == 1
    }

    /// A result line on standard output (mismatch reports, dry-run lines).
    func output(_ line: String) {
        write(line, to: STDOUT_FILENO)
    }

    /// An error line on standard error, always shown.
    func error(_ line: String) {
        write("s3clone: error: " + line, to: STDERR_FILENO)
    }

    /// An informational line on standard error, hidden by `--quiet`.
    func note(_ line: String) {
        guard !quiet else { return }
        write(line, to: STDERR_FILENO)
    }

    /// A line asked for by `--verbose`, on standard error even with `--quiet`.
    func detail(_ line: String) {
        write(line, to: STDERR_FILENO)
    }

    /// Redraws the progress line in place.
    func progress(_ line: String) {
        progressVisible.withLock { visible in
            Self.writeAll("\r" + line + "\u{1B}[K", to: STDERR_FILENO)
            visible = true
        }
    }

    /// Clears the progress line.
    func clearProgress() {
        progressVisible.withLock { visible in
            if visible { Self.writeAll("\r\u{1B}[K", to: STDERR_FILENO) }
            visible = false
        }
    }

    private func write(_ line: String, to descriptor: Int32) {
        progressVisible.withLock { visible in
            if visible {
                Self.writeAll("\r\u{1B}[K", to: STDERR_FILENO)
                visible = false
            }
            Self.writeAll(line + "\n", to: descriptor)
        }
    }

    /// Writes the whole text with write(2), unbuffered, so lines reach a pipe in order and at once.
    static func writeAll(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { bytes in
            var done = 0
            while done < bytes.count {
                let result = Glibc.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
                if result < 0 {
                    if errno == EINTR { continue }
                    return
                }
                done += result
            }
        }
    }
}
