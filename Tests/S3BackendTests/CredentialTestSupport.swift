import CurlHTTP
import Foundation
import ObjectStore
@testable import S3Backend
import Synchronization
import Testing

/// A transport that never touches the network: it records every request and answers from a
/// handler (by default: "connection refused" for everything).
final class FakeTransport: HTTPTransport {
    typealias Handler = @Sendable (HTTPRequest) async throws -> HTTPResponse

    private let handler: Handler
    private let log = Mutex<[HTTPRequest]>([])

    init(_ handler: @escaping Handler = { _ in throw FakeTransport.refused }) {
        self.handler = handler
    }

    /// Answers `"METHOD URL"` from `routes`; anything else is refused.
    convenience init(routes: [String: HTTPResponse]) {
        self.init { request in
            guard let response = routes[request.method + " " + request.url] else { throw FakeTransport.refused }
            return response
        }
    }

    static let refused = ObjectStoreError(.network, "connection refused", cause: .init(domain: "curl", code: "7"))

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        log.withLock { $0.append(request) }
        return try await handler(request)
    }

    /// Every request sent, in order.
    var requests: [HTTPRequest] { log.withLock { $0 } }
}

/// A wall clock that moves only when told.
final class ManualClock: Sendable {
    private let time: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_700_000_000)) { time = Mutex(start) }

    var now: Date { time.withLock { $0 } }

    func advance(_ seconds: TimeInterval) { time.withLock { $0 = $0.addingTimeInterval(seconds) } }

    /// For injection: `now: clock.reader`.
    var reader: @Sendable () -> Date { { self.now } }
}

/// A provider that hands out numbered credentials, counting calls, optionally after a pause or
/// with a failure.
final class CountingProvider: CredentialProvider {
    private let state = Mutex<(calls: Int, failing: Bool)>((0, false))
    private let lifetime: TimeInterval?
    private let delay: Duration
    private let clock: ManualClock

    init(clock: ManualClock, lifetime: TimeInterval? = 3600, delay: Duration = .zero) {
        self.clock = clock
        self.lifetime = lifetime
        self.delay = delay
    }

    var calls: Int { state.withLock { $0.calls } }

    func setFailing(_ failing: Bool) { state.withLock { $0.failing = failing } }

    func credentials() async throws -> AWSCredentials? {
        let (call, failing) = state.withLock { state -> (Int, Bool) in
            state.calls += 1
            return (state.calls, state.failing)
        }
        if delay > .zero { try await Task.sleep(for: delay) }
        if failing { throw ObjectStoreError(.network, "metadata service unreachable") }
        return AWSCredentials(accessKeyID: "AKID\(call)", secretAccessKey: "secret\(call)", sessionToken: "token\(call)",
                              expiration: lifetime.map { clock.now.addingTimeInterval($0) })
    }

    var sourceDescription: String { "counting provider" }
}

/// A provider with fixed answers, for chain order tests.
struct StubProvider: CredentialProvider {
    var answer: AWSCredentials?
    var failure: ObjectStoreError?
    var sourceDescription: String

    init(_ name: String, keyID: String? = nil, failure: ObjectStoreError? = nil) {
        sourceDescription = name
        answer = keyID.map { AWSCredentials(accessKeyID: $0, secretAccessKey: "s", sessionToken: nil, expiration: nil) }
        self.failure = failure
    }

    func credentials() async throws -> AWSCredentials? {
        if let failure { throw failure }
        return answer
    }
}

extension HTTPResponse {
    static func ok(_ body: String, status: Int = 200) -> HTTPResponse {
        HTTPResponse(head: HTTPResponseHead(status: status), body: Array(body.utf8))
    }
}

/// An environment with nothing AWS in it and instance metadata switched off, so no test can
/// reach a metadata address even by mistake.
func isolatedEnvironment(home: String, _ extra: [String: String] = [:]) -> [String: String] {
    var environment = ["HOME": home, "AWS_EC2_METADATA_DISABLED": "true", "PATH": "/usr/bin:/bin"]
    environment.merge(extra) { _, new in new }
    return environment
}

/// Runs `body` and checks that it throws an ``ObjectStoreError`` with `code`; returns the error.
@discardableResult
func expectFailure<T>(_ code: ObjectStoreError.Code, sourceLocation: SourceLocation = #_sourceLocation,
                      _ body: () async throws -> T) async -> ObjectStoreError? {
    do {
        _ = try await body()
        Issue.record("expected \(code), got a result", sourceLocation: sourceLocation)
        return nil
    } catch let error as ObjectStoreError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected ObjectStoreError \(code), got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// A JSON credential document as the container endpoint and instance metadata send it.
func credentialJSON(keyID: String = "ASIAEXAMPLE", secret: String = "wJalrSECRET", token: String = "TOKEN",
                    expiration: String = "2030-01-02T03:04:05Z", code: String? = nil) -> String {
    var fields = [
        "\"AccessKeyId\": \"\(keyID)\"", "\"SecretAccessKey\": \"\(secret)\"",
        "\"Token\": \"\(token)\"", "\"Expiration\": \"\(expiration)\"",
    ]
    if let code { fields.insert("\"Code\": \"\(code)\"", at: 0) }
    return "{" + fields.joined(separator: ", ") + "}"
}
