@testable import CurlHTTP
import Logging
import ObjectStore
import Testing

@Suite("CurlError")
struct CurlErrorTests {
    @Test("a TLS trust failure is accessDenied and recognisable; other failures are network errors",
          arguments: [
              (CurlError.peerFailedVerification, ObjectStoreError.Code.accessDenied, true),
              (CurlError.sslCACertBadFile, .accessDenied, true),
              (CurlError(rawValue: 7), .network, false),   // CURLE_COULDNT_CONNECT
              (CurlError(rawValue: 28), .network, false),  // CURLE_OPERATION_TIMEDOUT
          ])
    func storeErrors(failure: CurlError, code: ObjectStoreError.Code, isTrust: Bool) {
        let error = failure.storeError(detail: "", url: "https://example.test/b")
        #expect(error.code == code)
        #expect(error.isTLSTrustFailure == isTrust)
        #expect(error.cause?.domain == CurlError.causeDomain)
        #expect(error.cause?.code == String(failure.rawValue))
    }

    @Test("other accessDenied errors are not TLS trust failures")
    func otherAccessDenied() {
        #expect(!ObjectStoreError(.accessDenied, "denied", cause: .errno(13)).isTLSTrustFailure)
        #expect(!ObjectStoreError(.accessDenied, "denied", cause: .init(domain: "s3", code: "60")).isTLSTrustFailure)
    }

    @Test("an option curl refuses names the option", arguments: [
        (CurlError(rawValue: 27), ObjectStoreError.Code.resourceLimit),  // CURLE_OUT_OF_MEMORY
        (CurlError(rawValue: 43), .invalidArgument),                    // CURLE_BAD_FUNCTION_ARGUMENT
        (CurlError(rawValue: 48), .unsupported),                        // CURLE_UNKNOWN_OPTION
    ])
    func optionErrors(failure: CurlError, code: ObjectStoreError.Code) {
        let error = failure.optionError("CURLOPT_CAINFO")
        #expect(error.code == code)
        #expect(error.message.contains("CURLOPT_CAINFO"))
        #expect(!error.isTLSTrustFailure)
    }

    @Test("the easy handle's setters accept the options s3clone sets")
    func settersAccept() throws {
        _ = CurlLibrary.initializationFailure
        let easy = CurlEasy(receiveBufferSize: 64 << 10)
        try easy.reset()
        try easy.setURL("http://127.0.0.1:1/x")
        try easy.setPathAsIs()
        try easy.setHTTP11()
        try easy.setTCPKeepAlive()
        try easy.setConnectTimeout(milliseconds: 1000)
        try easy.setStallLimit(bytesPerSecond: 1, seconds: 30)
        try easy.setReceiveBufferSize()
        try easy.setTimeout(milliseconds: 1000)
        try easy.setNoBody()
        try easy.setMethod("PUT")
        try easy.setBody([1, 2, 3])
    }

    @Test("a request whose handle cannot be set up fails with an error naming the option, and the loop goes on")
    func setupFailureFailsTheRequest() async throws {
        let client = CurlHTTPClient(configuration: .init(maximumConnections: 1, eventLoops: 1), logger: Logger(label: "test"))
        // curl refuses strings over 8,000,000 bytes (CURL_MAX_INPUT_LENGTH).
        let huge = HTTPRequest(method: "GET", scheme: "http", host: "127.0.0.1:1", path: "/" + String(repeating: "a", count: 8_000_001))
        do {
            _ = try await client.send(huge)
            Issue.record("a URL curl refuses was sent")
        } catch let error as ObjectStoreError {
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains("CURLOPT_URL"))
        }
        do {
            _ = try await client.send(HTTPRequest(method: "GET", scheme: "http", host: "127.0.0.1:1", path: "/"))
            Issue.record("a request to a closed port succeeded")
        } catch let error as ObjectStoreError {
            #expect(error.code == .network)
        }
    }
}
