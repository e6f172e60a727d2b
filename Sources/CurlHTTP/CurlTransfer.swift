import CCurl
import ObjectStore

/// One request in flight on the event loop: the request, where its body goes, and what came back.
///
/// Created by a task, handed to the loop thread, and handed back through the continuation. While
/// the loop owns it, only the loop thread touches its mutable state (the callbacks run there).
final class CurlTransfer: @unchecked Sendable {
    let request: HTTPRequest
    /// Where a successful (2xx) body goes, at ``bodyOffset`` + bytes so far; `nil` collects it.
    let sink: (any ByteSink)?
    /// The sink, when it wants the head before the body.
    private let headObserver: (any ResponseHeadObserver)?
    let bodyOffset: Int64
    /// The most body bytes collected in memory (error bodies, or whole small responses).
    let collectLimit: Int

    // Loop-thread state.
    var easy: CurlEasy?
    var headerList: CurlHeaderList?
    var status = 0
    var headers: [HTTPHeader] = []
    var collected: [UInt8] = []
    var delivered: Int64 = 0
    private var headAnnounced = false
    var sinkError: (any Error)?
    var overflowed = false
    var continuation: CheckedContinuation<Outcome, Never>?
    /// Set (under the loop's lock) when the waiting task was cancelled.
    var cancelRequested = false

    /// How a transfer ended.
    struct Outcome: Sendable {
        var result: CurlError?
        /// Why the request was never sent (its handle could not be set up), if so.
        var failure: ObjectStoreError?
        var cancelled: Bool
        var head: HTTPResponseHead
        var body: [UInt8]
        var delivered: Int64
        var sinkError: (any Error)?
        var overflowed: Bool
        var errorDetail: String
    }

    init(request: HTTPRequest, sink: (any ByteSink)?, bodyOffset: Int64, collectLimit: Int) {
        self.request = request
        self.sink = sink
        self.headObserver = sink as? any ResponseHeadObserver
        self.bodyOffset = bodyOffset
        self.collectLimit = collectLimit
    }

    /// Whether the body goes to the sink: a success status and a sink to take it.
    private var bodyGoesToSink: Bool { sink != nil && (200..<300).contains(status) }

    /// Body bytes from curl's buffer. Returns the count taken; anything else makes curl stop.
    func receive(_ bytes: UnsafeRawBufferPointer) -> Int {
        if bodyGoesToSink {
            do {
                if !headAnnounced {
                    headAnnounced = true
                    try headObserver?.bodyBegins(after: HTTPResponseHead(status: status, headers: headers))
                }
                try sink!.write(bytes, at: bodyOffset + delivered)
            } catch {
                sinkError = error
                return 0
            }
            delivered += Int64(bytes.count)
            return bytes.count
        }
        guard collected.count + bytes.count <= collectLimit else {
            overflowed = true
            return 0
        }
        collected.append(contentsOf: bytes)
        return bytes.count
    }

    /// One header line (status lines included), as curl delivers them. Parsed on the bytes: one
    /// String for the name and one for the value, nothing else allocated.
    func receiveHeader(_ line: UnsafeRawBufferPointer) {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        var end = line.count
        while end > 0, isSpace(line[end - 1]) { end -= 1 }
        let bytes = UnsafeRawBufferPointer(rebasing: line[0..<end])
        if bytes.starts(with: "HTTP/".utf8) {
            // A new response (after a 100 Continue, say): start over. Room for a typical response's
            // headers at once, rather than growing the array four times.
            headers.removeAll(keepingCapacity: true)
            headers.reserveCapacity(16)
            status = 0
            if let space = bytes.firstIndex(of: 0x20) {
                var index = space + 1
                while index < bytes.count, (0x30...0x39).contains(bytes[index]) {
                    status = status * 10 + Int(bytes[index] - 0x30)
                    index += 1
                }
            }
        } else if let colon = bytes.firstIndex(of: UInt8(ascii: ":")) {
            var valueStart = colon + 1
            while valueStart < bytes.count, isSpace(bytes[valueStart]) { valueStart += 1 }
            let name = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[0..<colon]), as: UTF8.self)
            let value = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[valueStart...]), as: UTF8.self)
            headers.append(HTTPHeader(name, value))
        }
    }

    func outcome(result: CURLcode?, cancelled: Bool, failure: ObjectStoreError? = nil) -> Outcome {
        Outcome(
            result: result.flatMap { $0 == CURLE_OK ? nil : CurlError($0) }, failure: failure, cancelled: cancelled,
            head: HTTPResponseHead(status: status, headers: headers), body: collected,
            delivered: delivered, sinkError: sinkError, overflowed: overflowed,
            errorDetail: easy?.errorDetail ?? "")
    }
}
