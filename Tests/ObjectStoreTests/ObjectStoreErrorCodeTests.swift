import ObjectStore
import Testing

/// Retrying and stopping are decided by the code alone.
struct ObjectStoreErrorCodeTests {
    typealias Code = ObjectStoreError.Code

    /// Every code, with its stable identifier and whether it is retryable and fatal.
    static let table: [(Code, String, retryable: Bool, fatal: Bool)] = [
        (.notFound, "notFound", false, false),
        (.accessDenied, "accessDenied", false, false),
        (.invalidKey, "invalidKey", false, false),
        (.collision, "collision", false, false),
        (.alreadyExists, "alreadyExists", false, false),
        (.throttled, "throttled", true, false),
        (.network, "network", true, false),
        (.corrupt, "corrupt", true, false),
        (.sourceChanged, "sourceChanged", true, false),
        (.noSpace, "noSpace", false, true),
        (.readOnly, "readOnly", false, true),
        (.resourceLimit, "resourceLimit", true, false),
        (.io, "io", true, false),
        (.cancelled, "cancelled", false, false),
        (.unsupported, "unsupported", false, false),
        (.invalidArgument, "invalidArgument", false, false),
        (.noCredentials, "noCredentials", false, true),
        (.misconfigured, "misconfigured", false, true),
        (.bucketNotFound, "bucketNotFound", false, true),
        (.invalidCredentials, "invalidCredentials", false, true),
        (.expiredCredentials, "expiredCredentials", false, true),
        (.archived, "archived", false, false),
        (.preconditionFailed, "preconditionFailed", true, false),
        (.redirect, "redirect", false, true),
        (.clockSkew, "clockSkew", true, false),
        (.serverError, "serverError", true, false),
        (.invalidRange, "invalidRange", false, false),
        (.unavailable, "unavailable", false, true),
    ]

    @Test(arguments: table)
    func classification(code: Code, rawValue: String, retryable: Bool, fatal: Bool) {
        #expect(code.rawValue == rawValue)
        #expect(code.isRetryable == retryable)
        #expect(code.isFatal == fatal)
        #expect(!(code.isRetryable && code.isFatal))
    }

    @Test func codesAreDistinct() {
        #expect(Set(Self.table.map(\.0)).count == Self.table.count)
    }

    /// A code this version does not know is neither retried nor fatal.
    @Test func unknownCodeIsHandledGenerally() {
        let future = Code(rawValue: "somethingNew")
        #expect(!future.isRetryable)
        #expect(!future.isFatal)
        #expect(future == Code(rawValue: "somethingNew"))
    }

    @Test func carriesKeyAndCause() {
        let cause = ObjectStoreError.Cause(domain: "s3", code: "NoSuchBucket")
        let error = ObjectStoreError(.notFound, "bucket missing", key: "a/b", cause: cause)
        #expect(error.code == .notFound)
        #expect(error.key == "a/b")
        #expect(error.cause?.domain == "s3")
        #expect(error.cause?.code == "NoSuchBucket")
    }
}
