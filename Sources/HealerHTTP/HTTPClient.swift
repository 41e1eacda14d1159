// The one outgoing HTTP client: a deadline per attempt, a bounded reply, retries with backoff, cancellation.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HealerSystem

/// Sends healer's outgoing requests: to the model server, the GitHub and GitLab REST APIs and
/// embeddings endpoints.
///
/// Every attempt has a hard deadline (``Policy/timeoutSeconds``); a reply body over
/// ``Policy/maxResponseBytes`` is refused as soon as its Content-Length or its received bytes
/// pass the limit; transient failures are retried as the caller's ``RetryPolicy`` says, with
/// exponential backoff or the server's `Retry-After` (never longer than
/// ``RetryPolicy/maxDelaySeconds``). Cancelling the calling task stops the call at once.
/// Failures are ``HTTPClientError``s that name the service, the method and the path, never a
/// header value or the query; credentials sent in headers are cut out of reply excerpts.
///
/// ```swift
/// let client = HTTPClient(service: "the embeddings endpoint", policy: .init(timeoutSeconds: 30))
/// let reply = try await client.send(.init(method: "POST", url: url, headers: ["Content-Type": "application/json"], body: body))
/// ```
package struct HTTPClient: Sendable {
    /// One request to send.
    package struct Request: Sendable {
        /// The method (`GET`, `POST`...).
        package var method: String
        /// The full address.
        package var url: URL
        /// Headers to send; the values of credential headers never appear in an error.
        package var headers: [String: String]
        /// The body, if any.
        package var body: Data?

        /// Creates a request.
        package init(method: String, url: URL, headers: [String: String] = [:], body: Data? = nil) {
            self.method = method
            self.url = url
            self.headers = headers
            self.body = body
        }
    }

    /// What messages call the server (`the model server`); its address is added to it.
    package var service: String
    /// The limits of every call.
    package var policy: Policy

    /// Creates a client; nothing is sent until ``send(_:)``.
    package init(service: String, policy: Policy) {
        self.service = service
        self.policy = policy
    }

    /// Sends `request`, with the retries of the policy, and returns the first 2xx reply
    /// (header names lower-cased).
    ///
    /// - Throws: ``HTTPClientError`` for an unreachable server, a timeout, a status outside 2xx,
    ///   a reply over the size limit (each after the retries the policy allows), or cancellation.
    package func send(_ request: Request) async throws(HTTPClientError) -> HTTPResponse {
        let call = HTTPCall(client: self, request: request)
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                call.start { continuation.resume(returning: $0) }
            }
        } onCancel: {
            call.cancel()
        }
        return try result.get()
    }

    /// ``send(_:)`` for synchronous callers: blocks this thread until the call ends.
    ///
    /// The call runs on URLSession's and Dispatch's threads, never on Swift concurrency's, so a
    /// blocked caller cannot starve it.
    package func sendAndWait(_ request: Request) throws(HTTPClientError) -> HTTPResponse {
        let outcome = Handoff<Result<HTTPResponse, HTTPClientError>>()
        HTTPCall(client: self, request: request).start { outcome.put($0) }
        guard let result = outcome.wait() else { throw error(.cancelled, request, attempts: 0) }
        return try result.get()
    }

    /// The service with the request's address, without path or credentials (`the model server at http://127.0.0.1:8080`).
    func serviceDescription(_ url: URL) -> String {
        var text = "\(url.scheme ?? "http")://\(url.host ?? "?")"
        if let port = url.port { text += ":\(port)" }
        return "\(service) at \(text)"
    }

    /// An error about `request` after `attempts` attempts.
    func error(_ kind: HTTPClientError.Kind, _ request: Request, attempts: Int, replyText: String? = nil) -> HTTPClientError {
        HTTPClientError(kind, service: serviceDescription(request.url), request: "\(request.method) \(request.url.path)", attempts: attempts,
                        replyText: replyText)
    }
}

extension HTTPClient {
    /// The limits of one call.
    package struct Policy: Sendable, Equatable {
        /// Seconds one attempt may take, from sending to the last byte of the reply.
        package var timeoutSeconds: Double
        /// The largest reply body accepted, in bytes.
        package var maxResponseBytes: Int
        /// Which failures are tried again, how often, and how long to wait.
        package var retry: RetryPolicy

        /// Creates a policy; by default replies up to 16 MiB, with ``RetryPolicy/init(maxRetries:baseDelaySeconds:maxDelaySeconds:statuses:retriesTimeouts:)``'s defaults.
        package init(timeoutSeconds: Double, maxResponseBytes: Int = 16 << 20, retry: RetryPolicy = RetryPolicy()) {
            self.timeoutSeconds = timeoutSeconds
            self.maxResponseBytes = maxResponseBytes
            self.retry = retry
        }
    }
}
