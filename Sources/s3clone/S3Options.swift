import ArgumentParser
import S3Backend

/// The flags that concern S3 sources.
struct S3Options: ParsableArguments {
    @Option(help: ArgumentHelp("An S3-compatible endpoint, e.g. http://127.0.0.1:9000 (default: AWS; also AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL).", valueName: "url"))
    var endpointURL: String?

    @Option(help: ArgumentHelp("The bucket's region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's, else asked of S3).", valueName: "region"))
    var region: String?

    @Option(help: ArgumentHelp("The profile of the shared AWS config and credentials files (default: AWS_PROFILE, else default).", valueName: "name"))
    var profile: String?

    @Flag(help: "Send requests unsigned, without looking for credentials (public buckets).")
    var noSignRequest = false

    @Flag(help: "Address the bucket in the path (https://host/bucket/key); the default for custom endpoints.")
    var pathStyle = false

    @Flag(help: "Address the bucket in the host name (https://bucket.host/key); the default for AWS.")
    var virtualHost = false

    @Option(help: ArgumentHelp("A PEM file of CA certificates to trust instead of the system's (private endpoints).", valueName: "file"))
    var caBundle: String?

    @Flag(help: "Agree to pay for requests to a requester-pays bucket.")
    var requestPayer = false

    @Option(help: ArgumentHelp("Give up on a response that delivers nothing for this long, and retry it (1-3600).", valueName: "seconds"))
    var stallTimeout: Int = 30

    /// The options as the S3 backend takes them.
    func accessOptions(connections: Int) -> S3AccessOptions {
        S3AccessOptions(
            endpointURL: endpointURL, region: region, profile: profile, anonymous: noSignRequest,
            addressing: pathStyle ? .path : virtualHost ? .virtualHosted : .automatic,
            caBundlePath: caBundle, requestPayer: requestPayer, connections: connections,
            stallTimeout: .seconds(stallTimeout))
    }

    func validate() throws {
        if pathStyle && virtualHost {
            throw ValidationError("--path-style and --virtual-host cannot both be given")
        }
        if !(1...3600).contains(stallTimeout) {
            throw ValidationError("--stall-timeout must be between 1 and 3600 seconds (got \(stallTimeout))")
        }
    }
}
