import Clone
import CurlHTTP
import ObjectStore
import S3Backend
import Testing

@Suite("FlagHints: the front end's flag after the library's message")
struct FlagHintsTests {
    static let hints = FlagHints(replaceDiffering: " (r)", unsignedAccess: " (use --unsigned)", privateCA: " (use --ca)")

    @Test("missing credentials: the hint replaces the marker cause")
    func noCredentials() {
        let error = ObjectStoreError(.noCredentials, "no AWS credentials found; looked in: environment", cause: CredentialChain.noSourceCause)
        #expect(Self.hints.describe(error) == "no AWS credentials found; looked in: environment (use --unsigned)")
        #expect(FlagHints().describe(error) == error.description, "no hints: the library's words unchanged")
        let broken = ObjectStoreError(.noCredentials, "the profile 'x' has no keys")
        #expect(Self.hints.describe(broken) == broken.description, "a broken source is not helped by going unsigned")
    }

    @Test("a TLS trust failure: key, message, hint, then curl's cause")
    func tlsTrust() {
        let error = CurlError.peerFailedVerification.storeError(detail: "self-signed certificate", url: "https://s3.local/b", key: "k")
        #expect(Self.hints.describe(error) == "k: TLS verification failed for https://s3.local/b: the server's certificate is not trusted by the CA bundle in use (use --ca) (curl 60: self-signed certificate)")
        let network = CurlError.operationTimedOut.storeError(detail: "timeout", url: "https://s3.local/b")
        #expect(Self.hints.describe(network) == network.description)
    }
}
