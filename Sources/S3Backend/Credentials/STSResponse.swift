import FoundationEssentials
import ObjectStore

/// Reading the few elements s3clone needs out of an STS XML answer.
///
/// STS answers are small and flat enough that finding `<Name>text</Name>` is exact: the elements
/// read here have no attributes and no children, and their text is unescaped for the five
/// predefined entities and numeric character references.
enum STSResponse {
    /// The credentials in an `AssumeRole*Response`'s `<Credentials>` element.
    ///
    /// - Throws: ``ObjectStore/ObjectStoreError`` `misconfigured` when the element or one of its
    ///   keys is missing or the expiration is not an ISO 8601 time.
    static func credentials(in xml: String, source: String) throws -> AWSCredentials {
        guard let block = text(of: "Credentials", in: xml) else {
            throw ObjectStoreError(.misconfigured, "\(source) answered without <Credentials>")
        }
        guard let keyID = text(of: "AccessKeyId", in: block).map(unescape), !keyID.isEmpty else {
            throw ObjectStoreError(.misconfigured, "\(source) answered without an AccessKeyId")
        }
        guard let secret = text(of: "SecretAccessKey", in: block).map(unescape), !secret.isEmpty else {
            throw ObjectStoreError(.misconfigured, "\(source) answered without a SecretAccessKey")
        }
        var expiration: Date?
        if let text = text(of: "Expiration", in: block) {
            guard let date = S3Timestamp.parseISO8601(unescape(text).trimmingWhitespace()) else {
                throw ObjectStoreError(.misconfigured, "\(source) answered with an Expiration that is not an ISO 8601 time")
            }
            expiration = date
        }
        let token = text(of: "SessionToken", in: block).map(unescape)
        return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret,
                              sessionToken: token?.isEmpty == false ? token : nil, expiration: expiration)
    }

    /// The `<Code>` and `<Message>` of an `<ErrorResponse>`, if the text is one.
    static func error(in xml: String) -> (code: String, message: String?)? {
        guard let block = text(of: "Error", in: xml), let code = text(of: "Code", in: block).map(unescape),
              !code.isEmpty else { return nil }
        return (code, text(of: "Message", in: block).map(unescape))
    }

    /// The raw text between `<name>` and `</name>`, for the first such element; `<name/>` is empty.
    static func text(of name: String, in xml: some StringProtocol) -> Substring? {
        let xml = Substring(xml)
        var searchFrom = xml.startIndex
        while let open = xml[searchFrom...].firstRange(of: "<" + name) {
            let after = xml[open.upperBound...]
            if after.hasPrefix("/>") { return after.prefix(0) }
            if after.hasPrefix(">") || after.first?.isWhitespace == true {
                guard let tagEnd = after.firstIndex(of: ">") else { return nil }
                if xml[xml.index(before: tagEnd)] == "/" { return xml[tagEnd..<tagEnd] }
                let contentStart = xml.index(after: tagEnd)
                guard let close = xml[contentStart...].firstRange(of: "</" + name + ">") else { return nil }
                return xml[contentStart..<close.lowerBound]
            }
            searchFrom = open.upperBound
        }
        return nil
    }

    /// Replaces XML entity and character references.
    static func unescape(_ text: Substring) -> String {
        guard text.contains("&") else { return String(text) }
        var result = ""
        var rest = text
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            guard let semicolon = rest[amp...].firstIndex(of: ";") else { break }
            let entity = rest[rest.index(after: amp)..<semicolon]
            if let replacement = replacement(for: entity) {
                result.append(replacement)
            } else {
                result += rest[amp...semicolon]
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return result + rest
    }

    private static func replacement(for entity: Substring) -> Character? {
        switch entity {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        default:
            let scalar: UInt32?
            if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                scalar = UInt32(entity.dropFirst(2), radix: 16)
            } else if entity.hasPrefix("#") {
                scalar = UInt32(entity.dropFirst())
            } else {
                scalar = nil
            }
            return scalar.flatMap(Unicode.Scalar.init).map(Character.init)
        }
    }
}
