/// A sink that must see a response's status and headers before its body (to choose how to check
/// the bytes, say).
///
/// ``CurlHTTPClient/stream(_:into:at:)`` calls it once per response whose body goes to the sink,
/// just before the first body byte; not at all when the body is empty (the caller has the head in
/// the ``CurlHTTPClient/StreamedResponse`` then).
public protocol ResponseHeadObserver: AnyObject {
    /// The body of the response with `head` begins. A throw stops the transfer, as a sink's does.
    func bodyBegins(after head: HTTPResponseHead) throws
}
