// The HTTP client against real servers on 127.0.0.1: retries, Retry-After, deadlines, size limits, cancellation.
import Foundation
import HealerHTTP
import Testing

/// Counts the calls a test server gets.
private actor Calls {
    private(set) var count = 0
    func next() -> Int {
        count += 1
        return count
    }
}

/// A server whose handler sees each call's 1-based number.
private func server(_ answer: @escaping @Sendable (Int, HTTPRequest) async -> HTTPResponse) -> (HTTPServer, Calls) {
    let calls = Calls()
    return (HTTPServer { request in await answer(await calls.next(), request) }, calls)
}

/// A server that answers after 4 s.
private func slowServer() -> (HTTPServer, Calls) {
    server { _, _ in
        try? await Task.sleep(nanoseconds: 4_000_000_000)
        return .text(200, "late")
    }
}

private func client(timeout: Double = 10, maxBytes: Int = 1 << 20, retry: RetryPolicy = RetryPolicy(maxRetries: 2, baseDelaySeconds: 0.01)) -> HTTPClient {
    HTTPClient(service: "the test server", policy: .init(timeoutSeconds: timeout, maxResponseBytes: maxBytes, retry: retry))
}

private func post(_ port: Int, _ path: String = "/v1/things", headers: [String: String] = [:]) throws -> HTTPClient.Request {
    HTTPClient.Request(method: "POST", url: try #require(URL(string: "http://127.0.0.1:\(port)\(path)")), headers: headers, body: Data("{}".utf8))
}

/// The error `body` throws, or `nil`.
private func failure(_ body: () async throws(HTTPClientError) -> HTTPResponse) async -> HTTPClientError? {
    do {
        _ = try await body()
        return nil
    } catch {
        return error
    }
}

@Suite("HTTPClient")
struct HTTPClientTests {
    @Test("retries 503 after its Retry-After, capped at the policy's longest wait, then returns the reply")
    func retryAfterWithinCap() async throws {
        let (http, calls) = server { call, _ in
            call < 3 ? HTTPResponse(status: 503, headers: ["Retry-After": "3600"], body: Data("busy".utf8)) : .text(200, "done")
        }
        let port = try http.start()
        defer { http.stop() }
        let started = Date()
        let reply = try await client(retry: RetryPolicy(maxRetries: 2, maxDelaySeconds: 0.3)).send(try post(port))
        let elapsed = Date().timeIntervalSince(started)
        #expect(reply.status == 200)
        #expect(String(decoding: reply.body, as: UTF8.self) == "done\n")
        #expect(reply.headers["content-type"]?.hasPrefix("text/plain") == true)
        #expect(await calls.count == 3)
        #expect(elapsed >= 0.55 && elapsed < 5, "two waits of 0.3 s, not an hour: \(elapsed)")
    }

    @Test("gives up after the retries; the error names service, method and path, never a token or the query")
    func givesUpWithoutSecrets() async throws {
        let (http, calls) = server { _, request in .text(502, "upstream said: \(request.headers["authorization"] ?? "-")") }
        let port = try http.start()
        defer { http.stop() }
        let request = try post(port, "/v1/things?access_token=query-secret-77", headers: ["Authorization": "Bearer sk-secret-token-99"])
        let error = await failure { () throws(HTTPClientError) in
            try await client(retry: RetryPolicy(maxRetries: 1, baseDelaySeconds: 0.01)).send(request)
        }
        #expect(error?.status == 502)
        #expect(error?.attempts == 2)
        #expect(error?.exitClass == .failure)
        let text = error?.description ?? ""
        #expect(text.contains("the test server at http://127.0.0.1:\(port) answered 502 to POST /v1/things after 2 attempts"), "\(text)")
        #expect(text.contains("[REDACTED]") && text.contains("try again later"), "\(text)")
        #expect(!text.contains("sk-secret-token-99") && !text.contains("query-secret-77"), "\(text)")
        #expect(await calls.count == 2)
    }

    @Test("statuses outside the policy's list are not retried", arguments: [401, 404, 500])
    func notRetried(status: Int) async throws {
        let (http, calls) = server { _, _ in .text(status, "no") }
        let port = try http.start()
        defer { http.stop() }
        let request = try post(port)
        let error = await failure { () throws(HTTPClientError) in try await client().send(request) }
        #expect(error?.kind == .status(status, excerpt: "no"))
        #expect(error?.attempts == 1)
        #expect(await calls.count == 1)
    }

    @Test("a refused connection is retried, then reported as unreachable")
    func refused() async throws {
        let (http, _) = server { _, _ in .text(200, "") }
        let port = try http.start()
        http.stop()
        let request = try post(port)
        let error = await failure { () throws(HTTPClientError) in try await client().send(request) }
        #expect(error?.kind == .unreachable(reason: "connection refused"), "\(String(describing: error))")
        #expect(error?.attempts == 3)
        #expect(error?.fix?.contains("address") == true)
    }

    @Test("the deadline ends a slow attempt; a timeout is retried only when the policy says so")
    func deadline() async throws {
        let (http, calls) = slowServer()
        let port = try http.start()
        defer { http.stop() }
        let started = Date()
        let request = try post(port)
        let once = await failure { () throws(HTTPClientError) in try await client(timeout: 0.3).send(request) }
        #expect(once?.kind == .timedOut(seconds: 0.3))
        #expect(once?.attempts == 1)
        #expect(once?.what.contains("did not answer within 0.30 s") == true)
        let twice = await failure { () throws(HTTPClientError) in
            try await client(timeout: 0.3, retry: RetryPolicy(maxRetries: 1, baseDelaySeconds: 0.01, retriesTimeouts: true)).send(request)
        }
        #expect(twice?.attempts == 2)
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed > 0.85 && elapsed < 4, "three attempts of 0.3 s, not of 4 s: \(elapsed)")
        #expect(await calls.count == 3)
    }

    @Test("refuses a reply over the size limit from its Content-Length, and does not retry it")
    func tooLarge() async throws {
        let (http, calls) = server { _, _ in HTTPResponse(status: 200, body: Data(repeating: UInt8(ascii: "x"), count: 2 << 20)) }
        let port = try http.start()
        defer { http.stop() }
        let request = try post(port)
        let error = await failure { () throws(HTTPClientError) in try await client(maxBytes: 1 << 20).send(request) }
        #expect(error?.kind == .tooLarge(limit: 1 << 20, declared: 2 << 20))
        #expect(error?.what.contains("1048576-byte limit (2097152 bytes declared)") == true)
        #expect(await calls.count == 1)
    }

    @Test("cancelling the calling task ends the call at once")
    func cancellation() async throws {
        let (http, _) = slowServer()
        let port = try http.start()
        defer { http.stop() }
        let request = try post(port)
        let started = Date()
        let call = Task { () async -> HTTPClientError? in
            await failure { () throws(HTTPClientError) in try await client(timeout: 30).send(request) }
        }
        try await Task.sleep(nanoseconds: 200_000_000)
        call.cancel()
        let error = await call.value
        #expect(error?.kind == .cancelled)
        #expect(Date().timeIntervalSince(started) < 3)
    }

    @Test("sendAndWait serves synchronous callers, retries included")
    func blocking() throws {
        let (http, _) = server { call, request in call == 1 ? .text(429, "later") : .text(200, request.method) }
        let port = try http.start()
        defer { http.stop() }
        let reply = try client().sendAndWait(try post(port))
        #expect(String(decoding: reply.body, as: UTF8.self) == "POST\n")
    }
}
