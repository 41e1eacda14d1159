// What an OpenAI-compatible server turned out not to support, learned from its 400s and remembered.
import Foundation
import HealerSystem

/// The request features an OpenAI-compatible server accepts, narrowed as it refuses them.
///
/// Servers differ: vLLM without a tool parser refuses `tools`, older Ollama and some gateways
/// refuse `response_format: json_schema`, llama.cpp wants `json_object`. When a server answers a
/// 400/422/501 that names the feature, the client steps down once (`json_schema` → `json_object` →
/// none; tools → none) and retries; the agent loop still validates every answer against the
/// schema, so a weaker server costs repair rounds, not correctness. What was learned holds for
/// the rest of the process.
final class ServerCapabilities: Sendable {
    struct State: Sendable, Equatable {
        var structuredOutput: ModelSettings.StructuredOutput
        var tools = true
    }

    private let state: Locked<State>

    init(structuredOutput: ModelSettings.StructuredOutput) {
        state = Locked(State(structuredOutput: structuredOutput))
    }

    /// The features to use now.
    var current: State { state.withLock { $0 } }

    /// Steps down past the feature `error` names; `nil` when the error is not about a feature
    /// this request used (the caller rethrows it).
    func stepDown(after error: AgentError, used: State, sentTools: Bool, sentFormat: Bool) -> State? {
        guard error.code == .httpStatus, let status = error.status, [400, 422, 501].contains(status) else { return nil }
        let text = error.message.lowercased()
        var next = used
        if sentFormat, ["response_format", "json_schema", "structured output", "guided", "grammar"].contains(where: text.contains) {
            next.structuredOutput = used.structuredOutput == .jsonSchema ? .jsonObject : .none
        } else if sentTools, ["tool", "function call", "function_call"].contains(where: text.contains) {
            next.tools = false
        } else {
            return nil
        }
        state.withLock { $0 = next }
        return next
    }
}
