import CPosix
import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import ObjectStore

/// A profile's `credential_process`: a command whose standard output is a JSON document
/// `{"Version": 1, "AccessKeyId": ..., "SecretAccessKey": ..., "SessionToken": ..., "Expiration": ...}`.
///
/// The command runs through `/bin/sh -c` with exactly the injected environment, with standard
/// input empty. Its standard error is collected: the last line of it goes into the error when the
/// command fails. The command line itself never appears in messages (it may carry a secret).
public struct CredentialProcess: Sendable, Hashable {
    /// The command line, as written in the profile.
    public var command: String
    /// The environment the command runs with.
    public var environment: [String: String]
    /// How messages name this source (`credential_process of profile dev`).
    public var label: String

    /// A process to run with `environment`; `label` names it in errors.
    public init(command: String, environment: [String: String], label: String = "credential_process") {
        self.command = command
        self.environment = environment
        self.label = label
    }

    /// Runs the command and parses what it prints.
    ///
    /// - Throws: ``ObjectStore/ObjectStoreError`` `misconfigured` when the command cannot start,
    ///   exits with a non-zero status, prints something other than a version 1 credential
    ///   document, or leaves out a key.
    public func credentials() async throws -> AWSCredentials {
        let output = try await Self.run(command, environment: environment, label: label)
        guard output.status == 0 else {
            let cause = ObjectStoreError.Cause(domain: "process", code: "exit \(output.status)",
                                               detail: Self.lastLine(of: output.standardError))
            throw ObjectStoreError(.misconfigured, "\(label) exited with status \(output.status)", cause: cause)
        }
        let document = try CredentialDocument.decode(output.standardOutput, source: label)
        guard document.version == 1 else {
            throw ObjectStoreError(.misconfigured, "\(label) answered without \"Version\": 1")
        }
        return try document.credentials(source: label)
    }

    struct Output: Sendable {
        var status: Int32
        var standardOutput: [UInt8]
        var standardError: [UInt8]
    }

    /// Runs `command` on a dispatch thread (it blocks while the command runs, so not on the
    /// cooperative pool).
    static func run(_ command: String, environment: [String: String], label: String) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try runBlocking(command, environment: environment, label: label) })
            }
        }
    }

    private static func runBlocking(_ command: String, environment: [String: String], label: String) throws -> Output {
        let entries = environment.map { "\($0.key)=\($0.value)" }
        var outputDescriptor: Int32 = -1
        var errorDescriptor: Int32 = -1
        let pid = withCStrings(entries) { environment in
            s3clone_spawn_shell(command, environment, &outputDescriptor, &errorDescriptor)
        }
        guard pid > 0 else {
            throw ObjectStoreError(.misconfigured, "\(label) could not be started",
                                   cause: .init(domain: "process", code: "spawn", detail: String(cString: strerror(errno))))
        }
        // Both pipes are drained together so that a chatty standard error cannot fill its pipe and
        // block the command before it finishes writing standard output.
        let (standardOutput, standardError) = drain(outputDescriptor, errorDescriptor)
        let status = s3clone_wait_child(pid)
        return Output(status: status, standardOutput: standardOutput, standardError: standardError)
    }

    /// Reads two pipes to their ends, whichever has bytes first; closes both.
    private static func drain(_ first: Int32, _ second: Int32) -> ([UInt8], [UInt8]) {
        var collected: ([UInt8], [UInt8]) = ([], [])
        var watched = [pollfd(fd: first, events: Int16(POLLIN), revents: 0), pollfd(fd: second, events: Int16(POLLIN), revents: 0)]
        var chunk = [UInt8](repeating: 0, count: 16 << 10)
        while watched.contains(where: { $0.fd >= 0 }) {
            guard poll(&watched, nfds_t(watched.count), -1) >= 0 || errno == EINTR else { break }
            for index in watched.indices where watched[index].fd >= 0 && watched[index].revents != 0 {
                let count = chunk.withUnsafeMutableBytes { read(watched[index].fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    if index == 0 { collected.0 += chunk[..<count] } else { collected.1 += chunk[..<count] }
                } else if count == 0 || errno != EINTR {
                    close(watched[index].fd)
                    watched[index].fd = -1  // poll skips a negative descriptor
                }
            }
        }
        return collected
    }

    /// Calls `body` with `strings` as a NULL-terminated array of C strings.
    private static func withCStrings<Result>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> Result) -> Result {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { for pointer in pointers { free(pointer) } }
        return body(pointers)
    }

    /// The last non-empty line, at most 200 characters, for an error's detail.
    static func lastLine(of bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let line = text.split(whereSeparator: \.isNewline).last(where: { !$0.allSatisfy(\.isWhitespace) }) else {
            return nil
        }
        return String(line.prefix(200))
    }
}
