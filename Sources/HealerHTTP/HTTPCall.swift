// One call of HTTPClient: its attempts, each cut off at its deadline, and the waits between them.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HealerSystem

/// Runs one ``HTTPClient`` request to its end: starts an attempt, cuts it off at the policy's
/// deadline, retries what the ``RetryPolicy`` calls transient after its delay, and reports the
/// result exactly once, also when cancelled.
///
/// Everything runs on URLSession's and Dispatch's threads, so both the async and the blocking
/// front ends wait on it without holding a thread Swift concurrency needs.
final class HTTPCall: Sendable {
    private struct State {
        /// The attempt under way or last made (1-based); 0 before the first.
        var attempt = 0
        var inFlight = false
        var task: (any CancellableTransfer)?
        /// The deadline of the attempt in flight, or the wait before the next one.
        var timer: DispatchWorkItem?
        var finished = false
        var report: (@Sendable (Result<HTTPResponse, HTTPClientError>) -> Void)?
    }

    private let client: HTTPClient
    private let request: HTTPClient.Request
    private let urlRequest: URLRequest
    private let secrets: [String]
    private let state = Locked(State())

    init(client: HTTPClient, request: HTTPClient.Request) {
        self.client = client
        self.request = request
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        // Foundation on Linux rounds sub-second timeouts down to "now"; the exact bound is this
        // call's deadline, URLSession's is a backstop.
        urlRequest.timeoutInterval = client.policy.timeoutSeconds.rounded(.up) + 1
        urlRequest.cachePolicy = .reloadIgnoringLocalCacheData
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        urlRequest.httpBody = request.body
        self.urlRequest = urlRequest
        self.secrets = Self.secrets(in: request.headers)
    }

    /// Starts the first attempt; `report` gets the result once.
    func start(report: @escaping @Sendable (Result<HTTPResponse, HTTPClientError>) -> Void) {
        let cancelledAlready = state.withLock { state -> Bool in
            state.report = report
            return state.finished
        }
        if cancelledAlready { report(.failure(client.error(.cancelled, request, attempts: 0))) } else { startAttempt() }
    }

    /// Stops the call: the attempt in flight or the wait is cancelled, and the result is
    /// ``HTTPClientError/Kind/cancelled``.
    func cancel() {
        let ended = state.withLock { state -> ((any CancellableTransfer)?, DispatchWorkItem?, Int)? in
            guard !state.finished else { return nil }
            state.finished = true
            return (state.task, state.timer, state.attempt)
        }
        guard let (task, timer, attempts) = ended else { return }
        task?.cancel()
        timer?.cancel()
        report(.failure(client.error(.cancelled, request, attempts: attempts)))
    }

    private func startAttempt() {
        let number = state.withLock { state -> Int? in
            guard !state.finished else { return nil }
            state.attempt += 1
            state.inFlight = true
            return state.attempt
        }
        guard let number else { return }
        let ended: @Sendable (BoundedTransfers.Outcome) -> Void = { [self] outcome in attemptEnded(number, outcome) }
        // Plain HTTP (a local model server) on a socket of its own: URLSession on Linux spins a
        // core while it waits for a reply (see PlainTransfer).
        let task: any CancellableTransfer = PlainTransfer.handles(urlRequest)
            ? PlainTransfer.start(urlRequest, limit: client.policy.maxResponseBytes, ended: ended)
            : BoundedTransfers.shared.start(urlRequest, limit: client.policy.maxResponseBytes, ended: ended)
        let deadline = DispatchWorkItem { [self] in attemptEnded(number, nil) }
        let stopped = state.withLock { state -> Bool in
            guard !state.finished, state.attempt == number, state.inFlight else { return true }
            state.task = task
            state.timer = deadline
            return false
        }
        if stopped {
            task.cancel()
        } else {
            DispatchQueue.global().asyncAfter(deadline: .now() + client.policy.timeoutSeconds, execute: deadline)
        }
    }

    /// Attempt `number` ended with `outcome`, or ran out of time (`nil`); later news of an
    /// attempt that already ended is dropped.
    private func attemptEnded(_ number: Int, _ outcome: BoundedTransfers.Outcome?) {
        let current = state.withLock { state -> ((any CancellableTransfer)?, DispatchWorkItem?)? in
            guard !state.finished, state.attempt == number, state.inFlight else { return nil }
            state.inFlight = false
            defer { state.task = nil; state.timer = nil }
            return (state.task, state.timer)
        }
        guard let (task, deadline) = current else { return }
        deadline?.cancel()
        if outcome == nil { task?.cancel() }
        switch judge(outcome, attempt: number) {
        case .success(let reply): finish(.success(reply))
        case .failure(let error, retryAfter: let retryAfter, let retry):
            if retry, number < client.policy.retry.attempts {
                wait(client.policy.retry.delay(after: number - 1, retryAfter: retryAfter))
            } else {
                finish(.failure(error))
            }
        }
    }

    private enum Judgement {
        case success(HTTPResponse)
        case failure(HTTPClientError, retryAfter: Double?, retry: Bool)
    }

    /// What an attempt's outcome means under the policy.
    private func judge(_ outcome: BoundedTransfers.Outcome?, attempt: Int) -> Judgement {
        let policy = client.policy
        func failure(_ kind: HTTPClientError.Kind, retry: Bool, retryAfter: Double? = nil, replyText: String? = nil) -> Judgement {
            .failure(client.error(kind, request, attempts: attempt, replyText: replyText), retryAfter: retryAfter, retry: retry)
        }
        switch outcome {
        case nil:
            return failure(.timedOut(seconds: policy.timeoutSeconds), retry: policy.retry.retriesTimeouts)
        case .reply(let reply) where (200..<300).contains(reply.status):
            return .success(reply)
        case .reply(let reply):
            let excerpt = HTTPResponse.excerpt(reply.body, hiding: secrets)
            var text = String(decoding: reply.body.prefix(HTTPClientError.replyTextLimit), as: UTF8.self)
            for secret in secrets where !secret.isEmpty { text = text.replacingOccurrences(of: secret, with: "[REDACTED]") }
            return failure(.status(reply.status, excerpt: excerpt), retry: policy.retry.retries(status: reply.status, body: reply.body),
                           retryAfter: reply.headers["retry-after"].flatMap(RetryPolicy.seconds(retryAfter:)), replyText: text)
        case .tooLarge(let declared):
            return failure(.tooLarge(limit: policy.maxResponseBytes, declared: declared), retry: false)
        case .failed(let error):
            let code = (error as? URLError)?.code
            if code == .timedOut { return failure(.timedOut(seconds: policy.timeoutSeconds), retry: policy.retry.retriesTimeouts) }
            if code == .cancelled { return failure(.cancelled, retry: false) }
            return failure(.unreachable(reason: Self.describe(error)), retry: code == .cannotConnectToHost || code == .networkConnectionLost)
        }
    }

    private func wait(_ seconds: Double) {
        let next = DispatchWorkItem { [self] in startAttempt() }
        let waiting = state.withLock { state -> Bool in
            guard !state.finished else { return false }
            state.timer = next
            return true
        }
        if waiting { DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: next) }
    }

    private func finish(_ result: Result<HTTPResponse, HTTPClientError>) {
        let first = state.withLock { state -> Bool in
            defer { state.finished = true }
            return !state.finished
        }
        if first { report(result) }
    }

    /// Hands `result` to the caller; only the first result of a call gets through.
    private func report(_ result: Result<HTTPResponse, HTTPClientError>) {
        let report = state.withLock { state in
            defer { state.report = nil }
            return state.report
        }
        report?(result)
    }

    /// The values of credential headers, and the credential after an auth scheme (`Bearer T`).
    static func secrets(in headers: [String: String]) -> [String] {
        let names: Set<String> = ["authorization", "proxy-authorization", "x-api-key", "api-key", "private-token", "job-token", "cookie"]
        return headers.filter { names.contains($0.key.lowercased()) && !$0.value.isEmpty }.flatMap { _, value -> [String] in
            let parts = value.split(separator: " ", maxSplits: 1).map(String.init)
            return parts.count == 2 ? [value, parts[1]] : [value]
        }
    }

    /// A network failure in a few words.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? URLError else { return "\(error)" }
        switch error.code {
        case .cannotConnectToHost: return "connection refused"
        case .cannotFindHost, .dnsLookupFailed: return "unknown host"
        case .networkConnectionLost: return "connection lost"
        case .notConnectedToInternet: return "no network"
        case .secureConnectionFailed, .serverCertificateUntrusted: return "TLS failure"
        default: return "URL error \(error.code.rawValue)"
        }
    }
}
