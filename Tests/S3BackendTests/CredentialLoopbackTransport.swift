import CurlHTTP
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ObjectStore

/// A stand-in for the real transport in the loopback tests, over `URLSession`, that refuses
/// (before any socket is opened) every host but 127.0.0.1, `[::1]` and `localhost`.
struct CredentialLoopbackTransport: HTTPTransport {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let host = request.host.split(separator: ":").first.map(String.init) ?? ""
        guard host == "127.0.0.1" || host == "localhost" || request.host.hasPrefix("[::1]") else {
            throw ObjectStoreError(.network, "the loopback test transport refuses \(request.host)")
        }
        guard let url = URL(string: request.url) else { throw ObjectStoreError(.invalidArgument, "bad URL") }
        var urlRequest = URLRequest(url: url, timeoutInterval: 10)
        urlRequest.httpMethod = request.method
        for header in request.headers { urlRequest.addValue(header.value, forHTTPHeaderField: header.name) }
        if let body = request.body { urlRequest.httpBody = Data(body) }
        let data: Data, response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: urlRequest)
        } catch {
            // The transport contract: no answer is `network`.
            throw ObjectStoreError(.network, "no answer from \(request.host)", cause: .init(domain: "url", code: "\(error)"))
        }
        guard let http = response as? HTTPURLResponse else { throw ObjectStoreError(.network, "not HTTP") }
        let headers = http.allHeaderFields.map { HTTPHeader("\($0.key)", "\($0.value)") }
        return HTTPResponse(head: HTTPResponseHead(status: http.statusCode, headers: headers), body: Array(data))
    }
}
