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
        var refusals = 0
    }

    private let state: Locked<State>
    private let server: Locked<HTTPServer?> = Locked(nil)
    /// The real server family played: requests it refuses get its refusal, not a scripted step.
    package let family: ServerFamily?

    /// Creates a server for `scenario`, playing `family` when one is given; nothing listens until ``start()``.
    package init(_ scenario: ModelScenario, family: ServerFamily? = nil) {
        state = Locked(State(steps: scenario.steps))
        self.family = family
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

    /// Requests refused as the ``family`` refuses them.
    package var refusals: Int { state.withLock { $0.refusals } }

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
        if !isAnthropic, let refusal = family?.refusal(of: recorded.json ?? [:]) {
            state.withLock { state in
                state.requests.append(recorded)
                state.refusals += 1
            }
            return refusal
        }
        let (step, call, problem) = nextStep(for: recorded, anthropic: isAnthropic)
        guard let step else {
            return .json(500, ["error": ["message": problem ?? "scripted model server: no reply", "type": "scripted"]])
        }
        if let delay = step.reply.delaySeconds, delay > 0 {
            try? await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
        }
        return Self.response(step.reply, call: call, to: recorded, anthropic: isAnthropic)
    }

    /// Records `recorded` as call N and takes its scripted step; no step, and the problem, when
    /// the script has none left or the call does not match the step's expectation.
    private func nextStep(for recorded: RecordedRequest, anthropic: Bool) -> (step: ModelScenario.Step?, call: Int, problem: String?) {
        let body = recorded.json ?? [:]
        return state.withLock { state in
            state.requests.append(recorded)
            state.calls += 1
            let call = state.calls
            guard let step = state.steps.first else {
                let message = "scripted model server: call \(call) has no scripted reply left"
                state.mismatches.append(message)
                return (nil, call, message)
            }
            if let expectation = step.expect, let problem = expectation.problem(with: body, anthropic: anthropic) {
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
    }
}
