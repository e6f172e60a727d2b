import Dispatch
import Foundation
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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.environment = environment
        let standardOutput = Pipe()
        let standardError = Pipe()
        process.standardOutput = standardOutput
        process.standardError = standardError
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw ObjectStoreError(.misconfigured, "\(label) could not be started",
                                   cause: .init(domain: "process", code: "spawn", detail: "\(error)"))
        }
        // Both pipes are drained at once so that a chatty standard error cannot fill its pipe and
        // block the command before it finishes writing standard output.
        let errorReader = standardError.fileHandleForReading
        let errorBytes = Locked<Data>(Data())
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            let data = errorReader.readDataToEndOfFile()
            errorBytes.withLock { $0 = data }
        }
        let outputData = standardOutput.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, standardOutput: Array(outputData),
                      standardError: Array(errorBytes.value))
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
