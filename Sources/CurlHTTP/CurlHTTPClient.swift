import FoundationEssentials
import Logging
import ObjectStore
import Synchronization

/// HTTP over libcurl's multi interface: hundreds of requests in flight on a few event-loop threads
/// (one per core), connections kept alive and reused, response bodies pushed straight from curl's
/// buffer into a ``ByteSink``.
public final class CurlHTTPClient: HTTPTransport {
    /// How the client connects and when it gives up.
    public struct Configuration: Sendable, Hashable {
        /// The most connections open at once; no default: the caller derives it from its one
        /// concurrency rule (s3clone: `ConcurrencyLimit.connections`).
        public var maximumConnections: Int
        /// How long connecting (TCP and TLS) may take.
        public var connectTimeout: Duration
        /// A transfer that receives less than one byte per second for this long fails as stalled.
        /// There is no total time limit: a healthy large download is never cut off.
        public var stallTimeout: Duration
        /// A PEM bundle of CA certificates to trust instead of the system's (private endpoints).
        public var caBundlePath: String?
        /// curl's receive buffer per connection: larger means fewer, larger reads from the socket
        /// (curl hands a body to the sink in pieces of at most 16 KiB whatever the size).
        public var receiveBufferSize: Int
        /// The most memory all receive buffers take together: connections past it get 16 KiB
        /// buffers. The default gives 128 connections 64 KiB each; past that (an adaptive limit that
        /// grew to hundreds of connections) a buffer costs a quarter.
        public var receiveBufferBudget: Int
        /// Event-loop threads, each with its own multi handle and an equal share of the
        /// connections; each request goes to the loop with the fewest in flight. Bodies are written
        /// to their sinks on these threads, so with one per core a few large downloads use every
        /// core. `nil`: the number of active cores, at most 4 (and at most `maximumConnections`).
        public var eventLoops: Int?

        public init(maximumConnections: Int, connectTimeout: Duration = .seconds(10),
                    stallTimeout: Duration = .seconds(30), caBundlePath: String? = nil,
                    receiveBufferSize: Int = 64 << 10, receiveBufferBudget: Int = 8 << 20, eventLoops: Int? = nil) {
            self.maximumConnections = maximumConnections
            self.connectTimeout = connectTimeout
            self.stallTimeout = stallTimeout
            self.caBundlePath = caBundlePath
            self.receiveBufferSize = receiveBufferSize
            self.receiveBufferBudget = receiveBufferBudget
            self.eventLoops = eventLoops
        }
    }

    /// What a streamed request returned.
    public struct StreamedResponse: Sendable {
        /// The status and headers.
        public var head: HTTPResponseHead
        /// Body bytes written to the sink (only for 2xx responses).
        public var bytesDelivered: Int64
        /// The body of a non-2xx response (an S3 error document), collected in memory.
        public var errorBody: [UInt8]
    }

    /// The most bytes ``send(_:)`` collects (listing pages are well under 1 MB).
    public static let collectLimit = 64 << 20
    /// The most bytes of an error body kept when streaming.
    public static let errorBodyLimit = 1 << 20

    private let loops: [CurlEventLoop]
    /// The connections each loop may hold at once.
    private let connectionsPerLoop: Int
    private let logger: Logger

    public init(configuration: Configuration, logger: Logger) {
        self.logger = logger
        if let failure = CurlLibrary.initializationFailure {
            logger.error("curl_global_init failed", metadata: ["code": "\(failure.rawValue)", "error": "\(failure)"])
        }
        // Requests go to the least busy loop, so with at most `maximumConnections` in flight no
        // loop needs more than its share.
        let connections = max(1, configuration.maximumConnections)
        let count = max(1, min(connections, configuration.eventLoops ?? min(4, ProcessInfo.processInfo.activeProcessorCount)))
        connectionsPerLoop = (connections + count - 1) / count
        let settings = CurlEventLoop.Settings(
            maximumConnections: connectionsPerLoop,
            connectTimeoutMilliseconds: Int(configuration.connectTimeout.components.seconds * 1000),
            stallSeconds: max(1, Int(configuration.stallTimeout.components.seconds)),
            caBundlePath: configuration.caBundlePath,
            receiveBufferSize: min(max(configuration.receiveBufferSize, ReceiveBufferBudget.smallSize), 512 << 10),
            receiveBufferBudget: configuration.receiveBufferBudget / count)
        self.loops = (0..<count).map { _ in CurlEventLoop(settings: settings, logger: logger) }
    }

    deinit {
        for loop in loops { loop.stop() }
    }

    /// Sends `request` and collects the whole response (up to ``collectLimit`` bytes).
    ///
    /// - Throws: ``ObjectStoreError`` `network` (no response: refused, timed out, reset; or a body
    ///   over the limit), `accessDenied` for a TLS trust failure, `cancelled`.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let outcome = try await perform(CurlTransfer(request: request, sink: nil, bodyOffset: 0, collectLimit: Self.collectLimit))
        return HTTPResponse(head: outcome.head, body: outcome.body)
    }

    /// Sends `request`; a 2xx body goes into `sink` at `offset` + position, from curl's buffer
    /// without copies; any other body is collected as ``StreamedResponse/errorBody``.
    ///
    /// - Throws: what the sink throws, unchanged; ``ObjectStoreError`` `network` when the
    ///   connection fails (bytes already delivered stay delivered: count them in the sink to resume),
    ///   `accessDenied` for a TLS trust failure, `cancelled`.
    public func stream(_ request: HTTPRequest, into sink: any ByteSink, at offset: Int64) async throws -> StreamedResponse {
        let transfer = CurlTransfer(request: request, sink: sink, bodyOffset: offset, collectLimit: Self.errorBodyLimit)
        let outcome = try await perform(transfer)
        return StreamedResponse(head: outcome.head, bytesDelivered: outcome.delivered, errorBody: outcome.body)
    }

    private func perform(_ transfer: CurlTransfer) async throws -> CurlTransfer.Outcome {
        // At trace level (-vvv) every request and its answer are logged, credentials redacted
        // (`redactedURL`, `redactedHeaders`); bodies never are (an STS answer holds secrets).
        logger.trace("sending", metadata: [
            "request": "\(transfer.request.method) \(transfer.request.redactedURL.escapedForDisplay)",
            "headers": "\(transfer.request.redactedHeaders.map { $0.name + ": " + $0.value }.joined(separator: "; ").escapedForDisplay)",
        ])
        let loop = transfer.request.loopAffinity.map(affineLoop) ?? leastBusyLoop()
        loop.requestsInFlight.wrappingAdd(1, ordering: .relaxed)
        defer { loop.requestsInFlight.wrappingSubtract(1, ordering: .relaxed) }
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                transfer.continuation = continuation
                loop.submit(transfer)
            }
        } onCancel: {
            loop.cancel(transfer)
        }
        if outcome.cancelled {
            throw ObjectStoreError(.cancelled, "request cancelled")
        }
        if let failure = outcome.failure {
            throw ObjectStoreError(
                failure.code, "request to \(transfer.request.redactedURL.escapedForDisplay) not sent: \(failure.message)", cause: failure.cause)
        }
        if let sinkError = outcome.sinkError { throw sinkError }
        if outcome.overflowed {
            throw ObjectStoreError(.network, "response from \(transfer.request.redactedURL.escapedForDisplay) is larger than \(transfer.collectLimit) bytes")
        }
        if let failure = outcome.result {
            logger.debug("curl failure", metadata: ["url": "\(transfer.request.redactedURL.escapedForDisplay)", "code": "\(failure.rawValue)"])
            throw failure.storeError(detail: outcome.errorDetail, url: transfer.request.redactedURL)
        }
        logger.trace("answered", metadata: [
            "url": "\(transfer.request.redactedURL.escapedForDisplay)", "status": "\(outcome.head.status)",
            "body bytes": "\(outcome.delivered + Int64(outcome.body.count))",
        ])
        return outcome
    }

    /// The loop that requests with `affinity` go to (``HTTPRequest/loopAffinity``), unless all of
    /// its connections are taken: then the least busy one, so that a request never waits behind a
    /// full loop while another has room.
    private func affineLoop(_ affinity: UInt64) -> CurlEventLoop {
        let loop = loops[Int(affinity % UInt64(loops.count))]
        return loop.requestsInFlight.load(ordering: .relaxed) < connectionsPerLoop ? loop : leastBusyLoop()
    }

    /// The loop with the fewest requests in flight (the first of those tied).
    private func leastBusyLoop() -> CurlEventLoop {
        var best = loops[0]
        var bestLoad = Int.max
        for loop in loops {
            let load = loop.requestsInFlight.load(ordering: .relaxed)
            if load < bestLoad { best = loop; bestLoad = load }
        }
        return best
    }
}
