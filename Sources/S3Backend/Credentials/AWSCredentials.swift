import FoundationEssentials

/// An AWS access key pair, with the session token of temporary credentials.
///
/// Every textual form of a value (``description``, ``debugDescription``, string interpolation,
/// `dump`, `Mirror`) shows only the ends of the access key ID and says that the secret (and the
/// token) are hidden, e.g. `AKIA…MPLE (secret hidden)`, so credentials that end up in a log line
/// or an error message do not leak. Read the properties to use the values.
public struct AWSCredentials: Sendable, Hashable {
    /// The public half of the key pair (`AKIA…` for long-term keys, `ASIA…` for temporary ones).
    public let accessKeyID: String
    /// The secret half of the key pair; it signs requests and must never be shown.
    public let secretAccessKey: String
    /// The session token of temporary credentials, sent with each request; as secret as the key.
    public let sessionToken: String?
    /// When temporary credentials stop working; `nil` for keys that do not expire.
    public let expiration: Date?

    /// Creates credentials from their parts.
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil,
                expiration: Date? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }

    /// The access key ID with all but its first and last four characters hidden (`AKIA…MPLE`);
    /// an ID too short to shorten is hidden whole (`…`).
    public var maskedAccessKeyID: String {
        let characters = Array(accessKeyID)
        guard characters.count > 8 else { return "…" }
        return String(characters.prefix(4)) + "…" + String(characters.suffix(4))
    }
}

extension AWSCredentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `AKIA…MPLE (secret hidden)`, with `session token hidden` and the expiry when there are some.
    public var description: String {
        var notes = ["secret hidden"]
        if sessionToken != nil { notes.append("session token hidden") }
        if let expiration { notes.append("expires \(expiration)") }
        return maskedAccessKeyID + " (" + notes.joined(separator: ", ") + ")"
    }

    /// The same as ``description``: the debug form must not reveal the secret either.
    public var debugDescription: String { "AWSCredentials(" + description + ")" }

    /// A mirror without the secret or the token, so `dump` and reflection cannot show them.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "accessKeyID": maskedAccessKeyID,
            "secretAccessKey": "(hidden)",
            "sessionToken": sessionToken == nil ? "(none)" : "(hidden)",
            "expiration": expiration as Any,
        ], displayStyle: .struct)
    }
}
