// The HTTP server against real URLSession requests and raw sockets on 127.0.0.1.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HealerHTTP
import Testing

private struct Echo: Codable {
    var method: String
    var path: String
    var query: [String: String]
    var contentType: String?
    var body: String
}

private func echoServer(maxBodyBytes: Int = 1 << 20, requestTimeoutSeconds: Double = 30) -> HTTPServer {
    HTTPServer(maxBodyBytes: maxBodyBytes, requestTimeoutSeconds: requestTimeoutSeconds) { request in
        if request.path == "/missing" { return .text(404, "no such thing") }
        if request.path == "/slow" {
            try? await Task.sleep(nanoseconds: 200_000_000)
        }
        return .json(200, Echo(method: request.method, path: request.path, query: request.query,
                               contentType: request.headers["content-type"], body: request.text))
    }
}

@Suite("HTTPServer")
struct HTTPServerTests {
    @Test("answers a GET with query parameters and a POST with a JSON body")
    func getAndPost() async throws {
        let server = echoServer()
        let port = try server.start()
        defer { server.stop() }
        #expect(port > 0)

        let url = try #require(URL(string: "http://127.0.0.1:\(port)/v1/things%20here?q=a+b&k=%C3%A9"))
        let (data, response) = try await URLSession.shared.data(from: url)
        let echo = try JSONDecoder().decode(Echo.self, from: data)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(echo.method == "GET")
        #expect(echo.path == "/v1/things here")
        #expect(echo.query == ["q": "a b", "k": "é"])

        var post = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)/v1/chat")))
        post.httpMethod = "POST"
        post.setValue("application/json", forHTTPHeaderField: "Content-Type")
        post.httpBody = Data(#"{"hello":"world"}"#.utf8)
        let (postData, postResponse) = try await URLSession.shared.data(for: post)
        let posted = try JSONDecoder().decode(Echo.self, from: postData)
        #expect((postResponse as? HTTPURLResponse)?.statusCode == 200)
        #expect(posted.method == "POST")
        #expect(posted.contentType == "application/json")
        #expect(posted.body == #"{"hello":"world"}"#)
        #expect((postResponse as? HTTPURLResponse)?.value(forHTTPHeaderField: "Content-Type") == "application/json")
    }

    @Test("accepts a 3 MB upload, and answers Expect: 100-continue before the body")
    func largeUpload() async throws {
        let server = HTTPServer(maxBodyBytes: 8 << 20) { request in .text(200, "\(request.body.count) \(request.headers["expect"] ?? "-")") }
        let port = try server.start()
        defer { server.stop() }
        var post = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)/upload")))
        post.httpMethod = "POST"
        post.httpBody = Data(repeating: 65, count: 3 << 20)
        let (data, _) = try await URLSession.shared.data(for: post)
        #expect(String(decoding: data, as: UTF8.self).hasPrefix("\(3 << 20) "))
        let raw = await RawClient.request(port: port, ["POST /x HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n", "hello"], pause: 0.05)
        #expect(raw.hasPrefix("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n"), "\(raw)")
        #expect(raw.hasSuffix("5 100-continue\n"))
    }

    @Test("serves concurrent requests and passes handler statuses through")
    func concurrentAndStatus() async throws {
        let server = echoServer()
        let port = try server.start()
        defer { server.stop() }
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<8 {
                group.addTask {
                    let path = index == 0 ? "/missing" : "/slow"
                    let url = try #require(URL(string: "http://127.0.0.1:\(port)\(path)"))
                    let (_, response) = try await URLSession.shared.data(from: url)
                    return (response as? HTTPURLResponse)?.statusCode ?? 0
                }
            }
            var all: [Int] = []
            for try await status in group { all.append(status) }
            return all.sorted()
        }
        #expect(statuses == [200, 200, 200, 200, 200, 200, 200, 404])
    }

    @Test("refuses malformed requests with 400", arguments: [
        "GARBAGE\r\n\r\n",
        "GET /x HTTP/9.9\r\n\r\n",
        "GET x HTTP/1.1\r\n\r\n",
        "GET /x HTTP/1.1\r\nno colon here\r\n\r\n",
        "POST /x HTTP/1.1\r\nContent-Length: -4\r\n\r\n",
        "POST /x HTTP/1.1\r\nContent-Length: ten\r\n\r\n",
    ])
    func malformed(request: String) async throws {
        let server = echoServer()
        let port = try server.start()
        defer { server.stop() }
        let reply = await RawClient.request(port: port, [request])
        #expect(reply.hasPrefix("HTTP/1.1 400 "), "\(reply)")
    }

    @Test("refuses chunked uploads with 411 and large bodies with 413")
    func chunkedAndTooLarge() async throws {
        let server = echoServer(maxBodyBytes: 1000)
        let port = try server.start()
        defer { server.stop() }
        let chunked = await RawClient.request(port: port, ["POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"])
        #expect(chunked.hasPrefix("HTTP/1.1 411 "), "\(chunked)")
        #expect(chunked.contains("Content-Length"))
        let large = await RawClient.request(port: port, ["POST /x HTTP/1.1\r\nContent-Length: 5000\r\n\r\n"])
        #expect(large.hasPrefix("HTTP/1.1 413 "), "\(large)")
    }

    @Test("answers 408 to a client that stalls, and reads a body sent in pieces")
    func slowClient() async throws {
        let server = echoServer(requestTimeoutSeconds: 1.5)
        let port = try server.start()
        defer { server.stop() }
        let stalled = await RawClient.request(port: port, ["POST /x HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc"])
        #expect(stalled.hasPrefix("HTTP/1.1 408 "), "\(stalled)")
        let pieces = await RawClient.request(port: port, ["POST /x HTTP/1.1\r\nContent-Len", "gth: 10\r\n\r\nabc", "defghij"], pause: 0.05)
        #expect(pieces.hasPrefix("HTTP/1.1 200 "), "\(pieces)")
        #expect(pieces.contains(#""body":"abcdefghij""#))
    }

    @Test("stop is idempotent, frees the port, and a second start is refused")
    func stopping() async throws {
        let server = echoServer()
        let port = try server.start()
        #expect(throws: HTTPError.self) { try server.start() }
        server.stop()
        server.stop()
        let again = HTTPServer(port: port) { _ in .text(200, "ok") }
        #expect(try again.start() == port)
        again.stop()
    }

    @Test("reports a taken port and a bad host with actionable errors")
    func bindErrors() throws {
        let first = echoServer()
        let port = try first.start()
        defer { first.stop() }
        let second = HTTPServer(port: port) { _ in .text(200, "ok") }
        do {
            try second.start()
            Issue.record("binding a taken port succeeded")
        } catch {
            #expect(error.code == .bind)
            #expect(error.message.contains("\(port)"))
        }
        let bad = HTTPServer(host: "not-an-address") { _ in .text(200, "ok") }
        #expect(throws: HTTPError.self) { try bad.start() }
    }
}
