// A real OpenAI- and Anthropic-compatible HTTP server on 127.0.0.1 that answers from a script.
import Foundation
import HealerHTTP
import HealerSystem

/// A model server for tests: real HTTP and real JSON, with replies taken from a ``ModelScenario``.
///
/// It serves `POST /v1/chat/completions` (OpenAI format) and `POST /v1/messages` (Anthropic
/// format), plus `GET /v1/models` for health checks, answers each call with the next scripted step, and records every request so a test
/// can assert on what a client sent (for example that no secret left the process).
///
/// ```swift
/// let server = ScriptedModelServer(ModelScenario(steps: [.init(reply: .text("{\"ok\":true}"))]))
/// let baseURL = try server.start()
/// defer { server.stop() }
/// ```
package final class ScriptedModelServer: Sendable {
    /// One request the server received.
    package struct RecordedRequest: Sendable {
        /// The method.
        package var method: String
        /// The path.
        package var path: String
        /// Headers with lower-cased names.
        package var headers: [String: String]
        /// The raw body as text.
        package var body: String
        /// The body parsed as a JSON object, when it is one.
        package var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
        }
    }

    private struct State {
        var steps: [ModelScenario.Step]
        var usedInStep = 0
        var requests: [RecordedRequest] = []
        var mismatches: [String] = []
        var calls = 0
    }

    private let state: Locked<State>
    private let server: Locked<HTTPServer?> = Locked(nil)

    /// Creates a server for `scenario`; nothing listens until ``start()``.
    package init(_ scenario: ModelScenario) {
        state = Locked(State(steps: scenario.steps))
    }

    /// Starts listening on an ephemeral port of 127.0.0.1.
    ///
    /// - Returns: the base URL (`http://127.0.0.1:PORT`), to use as `HEALER_LLM_BASE_URL`.
    @discardableResult
    package func start() throws -> URL {
        let http = HTTPServer(host: "127.0.0.1", port: 0, maxBodyBytes: 64 << 20) { [self] request in
            await handle(request)
        }
        let port = try http.start()
        server.withLock { $0 = http }
        guard let url = URL(string: "http://127.0.0.1:\(port)") else { throw HTTPError(.invalidAddress, "no URL for port \(port)") }
        return url
    }

    /// Stops the server; safe to call more than once.
    package func stop() {
        let http = server.withLock { current -> HTTPServer? in
            defer { current = nil }
            return current
        }
        http?.stop()
    }

    deinit { stop() }

    /// Every request received, oldest first.
    package var requests: [RecordedRequest] { state.withLock { $0.requests } }

    /// The bodies of every request received, oldest first.
    package var bodies: [String] { requests.map(\.body) }

    /// Calls that did not match their step's expectation (each answered with 500).
    package var mismatches: [String] { state.withLock { $0.mismatches } }

    /// Scripted steps not used yet.
    package var remainingSteps: Int { state.withLock { $0.steps.count } }

    private func handle(_ request: HTTPRequest) async -> HTTPResponse {
        let recorded = RecordedRequest(method: request.method, path: request.path, headers: request.headers, body: request.text)
        let isAnthropic = request.path.hasSuffix("/messages")
        if request.method == "GET", request.path.hasSuffix("/models") {
            // A health check (`healer doctor`); it uses no scripted step.
            state.withLock { $0.requests.append(recorded) }
            return HTTPResponse(status: 200, headers: ["Content-Type": "application/json"],
                                body: Data(#"{"data":[{"id":"scripted","object":"model"}],"object":"list"}"#.utf8))
        }
        guard request.method == "POST", request.path.hasSuffix("/chat/completions") || isAnthropic else {
            state.withLock { $0.requests.append(recorded) }
            return .json(404, ["error": ["message": "scripted model server: no route for \(request.method) \(request.path)"]])
        }
        let body = recorded.json ?? [:]
        let next = state.withLock { state -> (ModelScenario.Step?, Int, String?) in
            state.requests.append(recorded)
            state.calls += 1
            let call = state.calls
            guard let step = state.steps.first else {
                let message = "scripted model server: call \(call) has no scripted reply left"
                state.mismatches.append(message)
                return (nil, call, message)
            }
            if let expectation = step.expect, let problem = expectation.problem(with: body, anthropic: isAnthropic) {
                let message = "scripted model server: call \(call) did not match: \(problem)"
                state.mismatches.append(message)
                return (nil, call, message)
            }
            state.usedInStep += 1
            let times = step.times ?? 1
            if times > 0, state.usedInStep >= times {
                state.steps.removeFirst()
                state.usedInStep = 0
            }
            return (step, call, nil)
        }
        guard let step = next.0 else {
            return .json(500, ["error": ["message": next.2 ?? "scripted model server: no reply", "type": "scripted"]])
        }
        let reply = step.reply
        if let delay = reply.delaySeconds, delay > 0 {
            try? await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
        }
        let status = reply.status ?? 200
        var headers = reply.headers ?? [:]
        if let raw = reply.rawBody {
            return HTTPResponse(status: status, headers: headers, body: Data(raw.utf8))
        }
        headers["Content-Type"] = "application/json"
        guard status == 200 else {
            let message = reply.text ?? "scripted error \(status)"
            let object: [String: Any] = isAnthropic
                ? ["type": "error", "error": ["type": "scripted", "message": message]]
                : ["error": ["message": message, "type": "scripted"]]
            return HTTPResponse(status: status, headers: headers, body: Self.encode(object))
        }
        let model = body["model"] as? String ?? "scripted"
        // Padding is spliced into the encoded body afterwards: serializing megabytes of text
        // through JSONSerialization would hold a concurrency thread for seconds.
        let pad = max(0, reply.padBytes ?? 0)
        let padMarker = "@@scripted-padding@@"
        let text = pad > 0 ? (reply.text ?? "") + padMarker : reply.text
        let promptTokens = reply.promptTokens ?? max(1, recorded.body.utf8.count / 4)
        let completionTokens = reply.completionTokens ?? max(1, ((text ?? "").utf8.count + pad + (reply.toolCalls ?? []).reduce(0) { $0 + $1.arguments.utf8.count }) / 4)
        let calls = reply.toolCalls ?? []
        let object: [String: Any]
        if isAnthropic {
            var content: [[String: Any]] = []
            if let text { content.append(["type": "text", "text": text]) }
            for (index, call) in calls.enumerated() {
                let input = (try? JSONSerialization.jsonObject(with: Data(call.arguments.utf8))) ?? [String: Any]()
                content.append(["type": "tool_use", "id": call.id ?? "toolu_\(next.1)_\(index)", "name": call.name, "input": input])
            }
            object = ["id": "msg_\(next.1)", "type": "message", "role": "assistant", "model": model, "content": content,
                      "stop_reason": calls.isEmpty ? "end_turn" : "tool_use",
                      "usage": ["input_tokens": promptTokens, "output_tokens": completionTokens]]
        } else {
            var message: [String: Any] = ["role": "assistant", "content": text.map { $0 as Any } ?? NSNull()]
            if !calls.isEmpty {
                message["tool_calls"] = calls.enumerated().map { index, call -> [String: Any] in
                    ["id": call.id ?? "call_\(next.1)_\(index)", "type": "function", "function": ["name": call.name, "arguments": call.arguments]]
                }
            }
            object = ["id": "chatcmpl-\(next.1)", "object": "chat.completion", "model": model,
                      "choices": [["index": 0, "message": message, "finish_reason": calls.isEmpty ? "stop" : "tool_calls"]],
                      "usage": ["prompt_tokens": promptTokens, "completion_tokens": completionTokens, "total_tokens": promptTokens + completionTokens]]
        }
        var encoded = Self.encode(object)
        if pad > 0, let marker = encoded.range(of: Data(padMarker.utf8)) {
            encoded.replaceSubrange(marker, with: Data(repeating: UInt8(ascii: "x"), count: pad))
        }
        return HTTPResponse(status: 200, headers: headers, body: encoded)
    }

    private static func encode(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    }
}

