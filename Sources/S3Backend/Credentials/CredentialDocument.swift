import FoundationEssentials
import ObjectStore

/// The JSON credential document that the container endpoint, instance metadata and
/// `credential_process` answer with. They differ only in the token's name (`Token` or
/// `SessionToken`) and in the extra fields (`Code`, `Version`).
struct CredentialDocument: Decodable, Sendable {
    var version: Int?
    var code: String?
    var message: String?
    var accessKeyID: String?
    var secretAccessKey: String?
    var token: String?
    var sessionToken: String?
    var expiration: String?

    enum CodingKeys: String, CodingKey {
        case version = "Version"
        case code = "Code"
        case message = "Message"
        case accessKeyID = "AccessKeyId"
        case secretAccessKey = "SecretAccessKey"
        case token = "Token"
        case sessionToken = "SessionToken"
        case expiration = "Expiration"
    }

    /// Decodes `bytes`.
    ///
    /// - Parameter source: how errors name where the document came from.
    /// - Throws: ``ObjectStore/ObjectStoreError`` `misconfigured` when it is not a JSON object of
    ///   this shape. The message never quotes the document, which may hold a secret.
    static func decode(_ bytes: [UInt8], source: String) throws -> CredentialDocument {
        do {
            return try JSONDecoder().decode(CredentialDocument.self, from: Data(bytes))
        } catch {
            throw ObjectStoreError(.misconfigured, "\(source) did not answer with a JSON credential document")
        }
    }

    /// The credentials it holds.
    ///
    /// - Throws: ``ObjectStore/ObjectStoreError`` `misconfigured` when the key pair is incomplete or
    ///   the expiration is not an ISO 8601 time.
    func credentials(source: String) throws -> AWSCredentials {
        guard let accessKeyID, !accessKeyID.isEmpty else {
            throw ObjectStoreError(.misconfigured, "\(source) answered without an AccessKeyId")
        }
        guard let secretAccessKey, !secretAccessKey.isEmpty else {
            throw ObjectStoreError(.misconfigured, "\(source) answered without a SecretAccessKey")
        }
        var expires: Date?
        if let expiration, !expiration.isEmpty {
            guard let date = S3Timestamp.parseISO8601(expiration.trimmingWhitespace()) else {
                throw ObjectStoreError(.misconfigured, "\(source) answered with an Expiration that is not an ISO 8601 time")
            }
            expires = date
        }
        let session = [token, sessionToken].compactMap { $0 }.first { !$0.isEmpty }
        return AWSCredentials(accessKeyID: accessKeyID, secretAccessKey: secretAccessKey,
                              sessionToken: session, expiration: expires)
    }
}
