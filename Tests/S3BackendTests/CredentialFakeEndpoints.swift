import Foundation

/// `Tests/Fixtures/fake_aws_credential_endpoints.py`, running on a free 127.0.0.1 port for one
/// test: fake IMDSv2, container credential endpoint and STS. Only loopback is ever involved.
///
/// The script stops when its standard input closes, so it also goes away if the test process
/// dies; ``stop()`` closes it and waits.
final class CredentialFakeEndpoints: @unchecked Sendable {
    /// The values the script expects and answers with.
    static let imdsToken = "fake-imds-session-token"
    static let containerToken = "fake-container-authorization"
    static let webIdentityToken = "fake-web-identity-jwt"

    private let process = Process()
    private let input = Pipe()
    /// `http://127.0.0.1:PORT`.
    let baseURL: String

    init() throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/fake_aws_credential_endpoints.py").path
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--lifetime", "120"]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        // The first line is `PORT n`.
        var line = [UInt8]()
        let reader = output.fileHandleForReading
        while line.last != UInt8(ascii: "\n") {
            let byte = reader.readData(ofLength: 1)
            guard let first = byte.first else { break }
            line.append(first)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("PORT "), let port = Int(text.dropFirst(5)) else {
            process.terminate()
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "fake endpoints did not start: \(text)"])
        }
        baseURL = "http://127.0.0.1:\(port)"
    }

    /// Stops the script and waits for it.
    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}
