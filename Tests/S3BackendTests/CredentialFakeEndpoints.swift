import CurlHTTP
import Dispatch
import Foundation
import ObjectStore
import TestSupport

/// `Tests/Fixtures/servers/fake_aws_credential_endpoints.py`, running on a free 127.0.0.1 port
/// for one test: fake IMDSv2, container credential endpoint and STS. Killed when released.
final class CredentialFakeEndpoints: Sendable {
    /// The values the script expects and answers with.
    static let imdsToken = "fake-imds-session-token"
    static let containerToken = "fake-container-authorization"
    static let webIdentityToken = "fake-web-identity-jwt"

    let server: LoopbackServer

    init() throws {
        server = try LoopbackServer(executable: "/usr/bin/env", arguments: [
            "python3", HostileKey.fixturesDirectory + "/servers/fake_aws_credential_endpoints.py", "--lifetime", "120",
        ])
    }

    /// Starts the script on a dispatch thread: waiting for its port blocks, and a blocked
    /// cooperative thread (there are only as many as cores) would stall other tests' timers.
    static func start() async throws -> CredentialFakeEndpoints {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try CredentialFakeEndpoints() }) }
        }
    }

    /// `http://127.0.0.1:PORT`.
    var baseURL: String { "http://" + server.host }
}

/// The real curl transport, behind a check that refuses (before curl sees it) any host other than
/// 127.0.0.1, `[::1]` or `localhost`: the loopback tests cannot reach another address even if an
/// endpoint variable were forgotten.
struct LoopbackOnlyTransport: HTTPTransport {
    let client: CurlHTTPClient

    init() {
        client = CurlHTTPClient(configuration: .init(maximumConnections: 4, connectTimeout: .seconds(2)),
                                logger: .init(label: "credential-loopback-tests"))
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let host = request.host
        guard host == "127.0.0.1" || host.hasPrefix("127.0.0.1:") || host.hasPrefix("[::1]")
                || host == "localhost" || host.hasPrefix("localhost:") else {
            throw ObjectStoreError(.network, "the loopback test transport refuses \(host)")
        }
        return try await client.send(request)
    }
}
