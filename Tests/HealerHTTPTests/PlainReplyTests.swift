// Replies as real servers frame them (interim 100, chunked, close-delimited, cut short), read by
// HTTPClient's plain-HTTP transfer from a raw socket server on 127.0.0.1.
import Foundation
import HealerHTTP
import Testing

/// A listener on 127.0.0.1 that answers one connection with `reply`, byte for byte, after reading
/// the request head and its declared body.
private final class RawReplyServer: @unchecked Sendable {
    let port: Int
    private let listener: Int32

    init(reply: [UInt8]) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        try #require(bound == 0 && listen(fd, 1) == 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        port = Int(UInt16(bigEndian: address.sin_port))
        listener = fd
        let listener = fd
        Thread.detachNewThread {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            var request: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            // The head, then the body its Content-Length declares.
            while !Self.isComplete(request) {
                let count = recv(connection, &chunk, chunk.count, 0)
                if count <= 0 { break }
                request += chunk[0..<count]
            }
            _ = reply.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            close(connection)
        }
    }

    /// Whether `request` holds its head and the body its Content-Length declares.
    static func isComplete(_ request: [UInt8]) -> Bool {
        let marker: [UInt8] = [13, 10, 13, 10]
        guard request.count >= 4, let end = (0...(request.count - 4)).first(where: { Array(request[$0..<$0 + 4]) == marker }) else { return false }
        let head = String(decoding: request[0..<end], as: UTF8.self).lowercased()
        let declared = head.components(separatedBy: "\r\n").first { $0.hasPrefix("content-length:") }
            .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
        return request.count >= end + 4 + declared
    }

    deinit { close(listener) }
}

private func send(_ reply: String, maxBytes: Int = 1 << 20) async throws -> Result<HTTPResponse, HTTPClientError> {
    let server = try RawReplyServer(reply: Array(reply.utf8))
    let client = HTTPClient(service: "the raw server", policy: .init(timeoutSeconds: 5, maxResponseBytes: maxBytes, retry: RetryPolicy(maxRetries: 0)))
    let request = HTTPClient.Request(method: "POST", url: try #require(URL(string: "http://127.0.0.1:\(server.port)/v1/x")), body: Data("{}".utf8))
    do throws(HTTPClientError) {
        return .success(try await client.send(request))
    } catch {
        return .failure(error)
    }
}

@Suite("Plain-HTTP replies", .serialized)
struct PlainReplyTests {
    @Test("an interim 100 Continue is skipped and a chunked body (with a chunk extension and trailers) is joined")
    func chunked() async throws {
        let reply = try await send("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Kind: raw\r\n\r\n"
                                   + "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n").get()
        #expect(reply.status == 200)
        #expect(String(decoding: reply.body, as: UTF8.self) == "hello world")
        #expect(reply.headers["x-kind"] == "raw")
    }

    @Test("a body without a length runs to the end of the stream")
    func closeDelimited() async throws {
        let reply = try await send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"ok\":true}").get()
        #expect(String(decoding: reply.body, as: UTF8.self) == "{\"ok\":true}")
    }

    @Test("a chunked body past the limit is refused as too large")
    func chunkedTooLarge() async throws {
        let body = String(repeating: "x", count: 3000)
        let result = try await send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nbb8\r\n\(body)\r\n0\r\n\r\n", maxBytes: 1000)
        guard case .failure(let error) = result else { Issue.record("expected a failure, got \(result)"); return }
        #expect(error.kind == .tooLarge(limit: 1000, declared: nil))
    }

    @Test("a reply cut short in its head or body is an unreachable server, not a reply")
    func cutShort() async throws {
        for raw in ["HTTP/1.1 200 OK\r\nContent-Le", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", "garbage\r\n\r\n"] {
            let result = try await send(raw)
            guard case .failure(let error) = result else { Issue.record("\(raw): expected a failure, got \(result)"); continue }
            guard case .unreachable = error.kind else { Issue.record("\(raw): \(error.kind)"); continue }
        }
    }
}
