#if canImport(Glibc)
import Glibc
#endif
import ObjectStore
import Synchronization
import Transfer

/// Everything s3clone prints: results on standard output, errors, notes and the live progress line
/// on standard error. Safe to call from any task; lines never interleave mid-line.
final class Console: Sendable {
    private let quiet: Bool
    private let verbosity: Int
    private let showsProgress: Bool
    /// Whether a progress line is on screen (and must be cleared before another line is printed).
    private let progressVisible = Mutex(false)

    init(quiet: Bool, verbosity: Int) {
        self.quiet = quiet
        self.verbosity = verbosity
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

    /// Turns transfer events into lines.
    var observe: TransferObserver {
        { [self] event in
            switch event {
            case .mismatch(_, let reason, let location):
                output("\(location.escapedForDisplay): \(reason)")
            case .failed(_, let error):
                self.error("\(error) [\(error.code)]")
            case .retrying(let object, let error, let attempt, _) where verbosity >= 1:
                write("retrying \(object.key.displayName) (attempt \(attempt)): \(error.message) [\(error.code)]", to: STDERR_FILENO)
            case .copied(let object, _) where verbosity >= 1:
                write("copied \(object.key.displayName)", to: STDERR_FILENO)
            case .skipped(let object, let reason) where verbosity >= 2:
                write("skipped \(object.key.displayName): \(reason)", to: STDERR_FILENO)
            default:
                break
            }
        }
    }

    /// Starts redrawing the progress line four times a second, on a terminal and without `--quiet`.
    func startProgress(_ progress: TransferProgress) -> Task<Void, Never>? {
        guard showsProgress else { return nil }
        let clock = ContinuousClock()
        let start = clock.now
        return Task { [self] in
            while !Task.isCancelled {
                let line = progress.snapshot().line(elapsed: clock.now - start)
                progressVisible.withLock { visible in
                    Self.writeAll("\r" + line + "\u{1B}[K", to: STDERR_FILENO)
                    visible = true
                }
                try? await Task.sleep(for: .milliseconds(250))
            }
        }
    }

    /// Clears the progress line.
    func finishProgress() {
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
