import CurlHTTP
import Foundation
import S3Backend

/// How fast ``S3Backend/SigV4Signer`` signs a typical S3 GetObject request: the request
/// `S3Store` sends to download one object (virtual-hosted bucket, nested url-encoded key,
/// `If-Match` with the listed ETag, no body, temporary credentials).
struct SigningBenchmark {
    var timing = RepeatedTiming(warmUpRuns: 3, timedRuns: 9)
    /// Signatures per timed run.
    var signaturesPerRun = 5000

    func run() -> BenchmarkResult {
        let credentials = AWSCredentials(accessKeyID: "ASIAIOSFODNN7EXAMPLE",
                                         secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                                         sessionToken: String(repeating: "IQoJb3JpZ2luX2VjEXAMPLETOKEN", count: 20))
        let signer = SigV4Signer(credentials: credentials, region: "eu-west-1")
        var template = S3Endpoint.aws.request("GET", bucket: "examplebucket", region: "eu-west-1",
                                              key: "data set+1/2025-03/part-17/caf\u{E9}/object-123456.parquet")
        template.setHeader("If-Match", "\"0123456789abcdef0123456789abcdef\"")
        let date = Date(timeIntervalSince1970: 1_764_000_000)

        var signatureBytes = 0
        let summary = timing.measure(operationsPerRun: signaturesPerRun) {
            for _ in 0..<signaturesPerRun {
                var request = template
                signer.sign(&request, at: date, payloadHash: SigV4Signer.emptyPayloadSHA256)
                signatureBytes &+= request.headers.last?.value.utf8.count ?? 0
            }
        }
        precondition(signatureBytes > 0)
        let perSecond = summary.operationsPerSecond
        return BenchmarkResult(
            benchmark: "sigv4-sign",
            summary: "\(perSecond.formatted(decimals: 0)) signatures/s, \(summary.microsecondsPerOperation.formatted(decimals: 2)) µs/signature "
                + "(GetObject with If-Match and session token; median of \(timing.timedRuns), range \(summary.microsecondsRange) µs)",
            figures: [
                .init(name: "signatures_per_second", value: perSecond, unit: "1/s"),
                .init(name: "microseconds_per_signature", value: summary.microsecondsPerOperation, unit: "µs"),
            ])
    }
}
