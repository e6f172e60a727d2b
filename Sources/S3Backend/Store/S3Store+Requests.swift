import CurlHTTP
import Digests
import FoundationEssentials
import ObjectStore

extension S3Store {
    /// What to do after an S3 error answer.
    enum Recovery {
        /// Sign for this region and send again (a redirect to the bucket's region), once.
        case switchRegion(String)
        /// Fetch fresh credentials and send again (S3 said they expired), once.
        case refreshCredentials
        /// The server's clock differs from ours by this much: correct and send again, once.
        case correctClock(TimeInterval)
        /// Wait and send again (throttling, server errors).
        case retry
        /// Give up with this error.
        case fail
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

    /// Sends a request whose answer is small (a listing page, a HEAD), handling redirects to the
    /// bucket's region, clock skew and transient failures.
    ///
    /// - Parameters:
    ///   - accepting: statuses besides 2xx that the caller interprets itself (404 for a HEAD).
    ///   - build: makes the request for a region.
    func sendSmall(key: ObjectKey?, accepting: Set<Int> = [], _ build: (String) -> HTTPRequest) async throws -> HTTPResponse {
        var attempts = Attempts()
        while true {
            try Task.checkCancellation()
            let region = try await currentRegion()
            var request = build(region)
            try await sign(&request, region: region)
            let response: HTTPResponse
            do {
                response = try await client.send(request)
            } catch let error as ObjectStoreError where error.code.isRetryable && attempts.count <= configuration.retries {
                attempts.count += 1
                try await pause(beforeAttempt: attempts.count, after: error)
                continue
            }
            if (200..<300).contains(response.status) || accepting.contains(response.status) { return response }
            let answer = S3ErrorResponse(response)
            try await recover(from: answer.objectStoreError(bucket: configuration.bucket, key: key), answer: answer, attempts: &attempts)
        }
    }

    /// How far the recoveries of one request have gone.
    struct Attempts {
        /// The attempt being made (1 for the first).
        var count = 1
        var redirected = false
        var corrected = false
        var refreshed = false
    }

    /// Prepares the next attempt after an error answer (a new region, a corrected clock, a pause),
    /// or throws `failure` when there is nothing left to try.
    func recover(from failure: ObjectStoreError, answer: S3ErrorResponse, attempts: inout Attempts) async throws {
        switch recovery(for: failure, answer: answer, attempts: attempts) {
        case .refreshCredentials:
            attempts.refreshed = true
            logger.info("credentials expired; fetching new ones")
            await expireCredentials()
        case .switchRegion(let region):
            attempts.redirected = true
            state.withLock { $0.region = region }
        case .correctClock(let offset):
            attempts.corrected = true
            state.withLock { $0.clockOffset = offset }
        case .retry:
            attempts.count += 1
            try await pause(beforeAttempt: attempts.count, after: failure)
        case .fail:
            throw failure
        }
    }

    /// Decides how to recover from an error answer.
    ///
    /// A redirect is followed only by signing for the region S3 names, for the same bucket at the
    /// same kind of endpoint (for AWS the host follows the region; a custom endpoint's host stays):
    /// credentials are never sent to a host S3's answer chose.
    func recovery(for failure: ObjectStoreError, answer: S3ErrorResponse, attempts: Attempts) -> Recovery {
        if failure.code == .expiredCredentials, !attempts.refreshed {
            return .refreshCredentials
        }
        if failure.code == .redirect, !attempts.redirected,
           let region = answer.region, !region.isEmpty, region != state.withLock({ $0.region }) {
            logger.info("bucket is in another region; signing for it", metadata: ["region": "\(region)"])
            return .switchRegion(region)
        }
        if failure.code == .clockSkew, !attempts.corrected, let serverTime = answer.serverTime {
            return .correctClock(serverTime.timeIntervalSinceNow)
        }
        if failure.code.isRetryable, attempts.count <= configuration.retries { return .retry }
        return .fail
    }

    /// The AWS SDKs' backoff: a random pause up to 100 ms x 2^(attempt-2), at most 20 s.
    func pause(beforeAttempt attempt: Int, after error: ObjectStoreError) async throws {
        let ceiling = min(0.1 * Double(sign: .plus, exponent: attempt - 2, significand: 1), 20)
        let delay = Double.random(in: 0...ceiling)
        logger.debug("retrying", metadata: ["attempt": "\(attempt)", "error": "\(error)", "delay": "\(delay)"])
        try await Task.sleep(for: .milliseconds(Int(delay * 1000)))
    }
}
