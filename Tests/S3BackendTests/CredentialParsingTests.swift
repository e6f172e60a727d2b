import CurlHTTP
import Foundation
@testable import S3Backend
import Testing

/// The small parsers under the providers: endpoint URLs, STS XML, times.
struct CredentialParsingTests {
    @Test(arguments: [
        ("http://169.254.169.254", "http", "169.254.169.254", "", "169.254.169.254"),
        ("HTTPS://sts.eu-west-1.amazonaws.com/", "https", "sts.eu-west-1.amazonaws.com", "/", "sts.eu-west-1.amazonaws.com"),
        ("http://[::1]:8080/a/b", "http", "[::1]:8080", "/a/b", "::1"),
        ("http://LocalHost:1/x#frag", "http", "LocalHost:1", "/x", "localhost"),
    ])
    func endpoints(text: String, scheme: String, authority: String, path: String, hostName: String) throws {
        let endpoint = try #require(ServiceEndpoint(text))
        #expect(endpoint.scheme == scheme)
        #expect(endpoint.authority == authority)
        #expect(endpoint.basePath == path)
        #expect(endpoint.hostName == hostName)
    }

    @Test(arguments: ["", "169.254.169.254", "ftp://host", "http://", "http://user@host/", "http://a b/"])
    func badEndpoints(text: String) {
        #expect(ServiceEndpoint(text) == nil)
    }

    @Test func endpointRequests() throws {
        let base = try #require(ServiceEndpoint("http://127.0.0.1:80/base/?x=a%20b"))
        let request = base.request("GET", path: "/more")
        #expect(request.path == "/base/more")
        #expect(request.query == [QueryItem("x", "a b")])
        #expect(try #require(ServiceEndpoint("https://h")).request("POST").path == "/")
        #expect(try #require(ServiceEndpoint("http://h/exact/path")).request("GET").path == "/exact/path")
    }

    @Test func stsText() {
        let xml = "<A><B/><Code attr=\"1\">x</Code><CodeX>no</CodeX><C>a &lt;b&gt; &amp;&#65;&#x42;&bogus;</C></A>"
        #expect(STSResponse.text(of: "B", in: xml) == "")
        #expect(STSResponse.text(of: "Code", in: xml) == "x")
        #expect(STSResponse.text(of: "Missing", in: xml) == nil)
        #expect(STSResponse.unescape(STSResponse.text(of: "C", in: xml)!) == "a <b> &AB&bogus;")
        #expect(STSResponse.error(in: CredentialWebIdentityTests.errorXML("AccessDenied", "it&apos;s denied"))?.message
                == "it's denied")
        #expect(STSResponse.error(in: CredentialWebIdentityTests.successXML) == nil)
    }

    @Test(arguments: ["2030-01-02T03:04:05Z", "2030-01-02T03:04:05.000Z", "2030-01-02T05:04:05+02:00", " 2030-01-02T03:04:05Z\n"])
    func times(text: String) {
        #expect(S3Timestamp.parseISO8601(text.trimmingWhitespace()) == Date(timeIntervalSince1970: 1_893_553_445))
    }
}
