import CurlHTTP
import Digests
import FoundationEssentials
import ObjectStore

extension S3Store {
    /// How to correct a request after an S3 error answer, before sending it again at once. These
    /// are one-shot corrections, not retries: each is made at most once per request, and a
    /// failure that none of them fits goes to the run's ``RetryLoop``.
    enum Correction {
        /// Sign for this region and send again (a redirect to the bucket's region).
        case switchRegion(String)
        /// Fetch fresh credentials and send again (S3 said they expired).
        case refreshCredentials
        /// The server's clock differs from ours by this much: correct and send again.
        case correctClock(TimeInterval)
    }

    /// The region to sign for, discovering the bucket's region on first use (AWS only).
    func currentRegion() async throws -> String {
        if let known = state.withLock({ $0.region }) { return known }
        let discovered = try await discoverRegion()
        state.withLock { $0.region = discovered }
        return discovered
    }

    /// Asks S3 where the bucket lives: a HEAD of the bucket answers with `x-amz-bucket-region`,
    /// whatever its status.
    private func discoverRegion() async throws -> String {
        var request = configuration.endpoint.request("HEAD", bucket: configuration.bucket, region: "us-east-1")
        try await sign(&request, region: "us-east-1")
        let response = try await client.send(request)
        if let region = response.head.header("x-amz-bucket-region"), !region.isEmpty {
            logger.debug("discovered bucket region", metadata: ["region": "\(region)"])
            return region
        }
        if response.status == 404 {
            throw S3ErrorResponse(response).objectStoreError(bucket: configuration.bucket)
        }
        return "us-east-1"
    }

    /// Adds the requester-pays header when configured, and signs (unless anonymous) with the
    /// SHA-256 of the request's body.
    func sign(_ request: inout HTTPRequest, region: String) async throws {
        if configuration.requestPayer { request.setHeader("x-amz-request-payer", "requester") }
        guard let credentials = try await credentials() else { return }
        let offset = state.withLock { $0.clockOffset }
        let payloadHash = request.body.map { SHA256Hasher.hexDigest($0) } ?? SigV4Signer.emptyPayloadSHA256
        SigV4Signer(credentials: credentials, region: region, keyCache: signingKeys).sign(&request, at: Date().addingTimeInterval(offset), payloadHash: payloadHash)
    }

    /// Sends a request whose answer is small (a listing page, a HEAD): retried by the run's
    /// ``RetryLoop`` after a transient failure, corrected once for a redirect to the bucket's region,
    /// clock skew and expired credentials.
    ///
    /// - Parameters:
    ///   - accepting: statuses besides 2xx that the caller interprets itself (404 for a HEAD).
    ///   - build: makes the request for a region.
    func sendSmall(key: ObjectKey?, accepting: Set<Int> = [], _ build: (String) -> HTTPRequest) async throws -> HTTPResponse {
        var corrections = Corrections()
        return try await retrying.run(.request) { _ in
            while true {
                try Task.checkCancellation()
                let region = try await currentRegion()
                var request = build(region)
                try await sign(&request, region: region)
                let response = try await client.send(request)
                if (200..<300).contains(response.status) || accepting.contains(response.status) { return response }
                let answer = S3ErrorResponse(response)
                try await correct(after: answer.objectStoreError(bucket: configuration.bucket, key: key), answer: answer, &corrections)
            }
        }
    }

    /// The corrections one request has had (each is made once at most).
    struct Corrections {
        var redirected = false
        var clockCorrected = false
        var refreshed = false
    }

    /// Prepares the request to be sent again at once after an error answer (a new region, a
    /// corrected clock, fresh credentials), or throws `failure` when no correction fits; the run's
    /// retry loop then decides whether it is tried again.
    func correct(after failure: ObjectStoreError, answer: S3ErrorResponse, _ corrections: inout Corrections) async throws {
        switch correction(for: failure, answer: answer, corrections) {
        case .refreshCredentials:
            corrections.refreshed = true
            logger.info("credentials expired; fetching new ones")
            await expireCredentials()
        case .switchRegion(let region):
            corrections.redirected = true
            state.withLock { $0.region = region }
        case .correctClock(let offset):
            corrections.clockCorrected = true
            state.withLock { $0.clockOffset = offset }
        case nil:
            throw failure
        }
    }

    /// Decides how to correct a request after an error answer, if at all.
    ///
    /// A redirect is followed only by signing for the region S3 names, for the same bucket at the
    /// same kind of endpoint (for AWS the host follows the region; a custom endpoint's host stays):
    /// credentials are never sent to a host S3's answer chose.
    func correction(for failure: ObjectStoreError, answer: S3ErrorResponse, _ corrections: Corrections) -> Correction? {
        if failure.code == .expiredCredentials, !corrections.refreshed {
            return .refreshCredentials
        }
        if failure.code == .redirect, !corrections.redirected,
           let region = answer.region, !region.isEmpty, region != state.withLock({ $0.region }) {
            logger.info("bucket is in another region; signing for it", metadata: ["region": "\(region)"])
            return .switchRegion(region)
        }
        if failure.code == .clockSkew, !corrections.clockCorrected, let serverTime = answer.serverTime {
            return .correctClock(serverTime.timeIntervalSinceNow)
        }
        return nil
    }
}
