// The model server's side of HTTPClient: the model settings' limits and retries, failures told in their terms.
import Foundation
import HealerHTTP

/// Posts JSON to the model server through ``HTTPClient`` with the limits of ``ModelSettings``,
/// and turns its failures into ``AgentError``s that name the setting to change.
struct ModelTransport: Sendable {
    let settings: ModelSettings
    let client: HTTPClient

    /// Creates a transport; a reply whose text has one of `finalReplyMarkers` is not retried
    /// whatever its status (the caller changes the request instead).
    init(settings: ModelSettings, finalReplyMarkers: [String] = []) {
        self.settings = settings
        // Models retry every 5xx and timeouts: a call has no side effect but its cost.
        var retry = RetryPolicy(maxRetries: settings.maxRetries, baseDelaySeconds: settings.retryBaseDelaySeconds,
                                maxDelaySeconds: settings.retryMaxDelaySeconds, statuses: Set([408, 429]).union(500...599), retriesTimeouts: true)
        retry.finalReplyMarkers = finalReplyMarkers
        client = HTTPClient(service: "the model server",
                            policy: .init(timeoutSeconds: settings.timeoutSeconds, maxResponseBytes: settings.maxResponseBytes, retry: retry))
    }

    /// POSTs `body` to `url` and returns the reply body of the first successful attempt, with
    /// the seconds all attempts took.
    func post(_ url: URL, headers: [String: String], body: Data) async throws(AgentError) -> (data: Data, latency: Double) {
        do {
            return try await send(url, headers: headers, body: body)
        } catch {
            throw agentError(error)
        }
    }

    /// ``post(_:headers:body:)`` with the HTTP failure as it is, for a caller that reads the server's reply text.
    func send(_ url: URL, headers: [String: String], body: Data) async throws(HTTPClientError) -> (data: Data, latency: Double) {
        let started = Date()
        var fields = ["Content-Type": "application/json", "Accept": "application/json"]
        fields.merge(headers) { _, caller in caller }
        let reply = try await client.send(.init(method: "POST", url: url, headers: fields, body: body))
        return (reply.body, Date().timeIntervalSince(started))
    }

    /// `error` with the model setting that fixes it.
    func agentError(_ error: HTTPClientError) -> AgentError {
        let what = error.what
        switch error.kind {
        case .unreachable:
            return AgentError(.network, what + "; start it or fix HEALER_LLM_BASE_URL")
        case .timedOut:
            return AgentError(.timeout, what + "; raise timeout_seconds or use a smaller model")
        case .tooLarge:
            return AgentError(.responseTooLarge, what + "; lower max_tokens or raise max_response_bytes if this is expected")
        case .cancelled:
            return AgentError(.network, what)
        case .status(let status, _):
            return AgentError(.httpStatus, what + statusFix(status, attempts: error.attempts), status: status)
        }
    }

    private func statusFix(_ status: Int, attempts: Int) -> String {
        switch status {
        case 401, 403: return ": set \(settings.apiKeySource) to a valid API key"
        case 404: return ": check HEALER_LLM_BASE_URL and the model name '\(settings.model)' (HEALER_LLM_MODEL)"
        case 413: return ": the prompt is too large; lower the context or max tokens"
        case 400, 422: return ": check the model name, and structured_output (json_object for llama.cpp)"
        default: return attempts > 1 ? "; raise max_retries or check the server" : ""
        }
    }
}
