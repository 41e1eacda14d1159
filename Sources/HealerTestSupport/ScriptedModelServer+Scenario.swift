// The script a ScriptedModelServer follows: expected calls and their replies, loadable from JSON.
import Foundation

/// A list of scripted model calls: what each call should look like, and what to answer.
///
/// JSON form (the file ``load(contentsOf:)`` reads):
/// ```json
/// {"steps": [
///   {"expect": {"systemContains": "Request-Planner"},
///    "reply": {"toolCalls": [{"name": "rag_grep_like", "arguments": "{\"regex\":\"parse\"}"}]}},
///   {"reply": {"status": 429, "headers": {"Retry-After": "1"}}},
///   {"reply": {"text": "{\"steps\":[\"...\"],\"rationale\":\"...\",\"affected_paths\":[]}"}}
/// ]}
/// ```
package struct ModelScenario: Codable, Sendable {
    /// The steps, in the order calls arrive.
    package var steps: [Step]

    /// Creates a scenario.
    package init(steps: [Step]) { self.steps = steps }

    /// Reads a scenario from a JSON file.
    package static func load(contentsOf path: String) throws -> ModelScenario {
        try JSONDecoder().decode(ModelScenario.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// One scripted call.
    package struct Step: Codable, Sendable {
        /// What the call must look like; a call that does not match gets a 500 and is recorded
        /// in ``ScriptedModelServer/mismatches``.
        package var expect: Expectation?
        /// The answer.
        package var reply: Reply
        /// How many calls this step answers (default 1; 0 answers every remaining call).
        package var times: Int?

        /// Creates a step.
        package init(expect: Expectation? = nil, reply: Reply, times: Int? = nil) {
            self.expect = expect
            self.reply = reply
            self.times = times
        }
    }

    /// Conditions on a call's request body.
    package struct Expectation: Codable, Sendable {
        /// A substring of the system prompt (all system messages; Anthropic's `system`).
        package var systemContains: String?
        /// A substring of the last message's text.
        package var lastMessageContains: String?
        /// A substring of some tool result in the conversation.
        package var toolResultContains: String?
        /// A substring of the raw request body.
        package var bodyContains: String?

        /// Creates an expectation.
        package init(systemContains: String? = nil, lastMessageContains: String? = nil, toolResultContains: String? = nil, bodyContains: String? = nil) {
            self.systemContains = systemContains
            self.lastMessageContains = lastMessageContains
            self.toolResultContains = toolResultContains
            self.bodyContains = bodyContains
        }

        /// Why `body` does not match, or `nil` when it does.
        func problem(with body: [String: Any], anthropic: Bool) -> String? {
            let messages = body["messages"] as? [[String: Any]] ?? []
            func texts(_ content: Any?) -> [String] {
                if let text = content as? String { return [text] }
                if let blocks = content as? [[String: Any]] {
                    return blocks.flatMap { block -> [String] in
                        if let text = block["text"] as? String { return [text] }
                        return texts(block["content"])
                    }
                }
                return []
            }
            if let wanted = systemContains {
                let system = anthropic ? texts(body["system"]).joined(separator: "\n")
                    : messages.filter { $0["role"] as? String == "system" }.flatMap { texts($0["content"]) }.joined(separator: "\n")
                if !system.contains(wanted) { return "the system prompt does not contain '\(wanted)'" }
            }
            if let wanted = lastMessageContains {
                let last = messages.last.map { texts($0["content"]).joined(separator: "\n") } ?? ""
                if !last.contains(wanted) { return "the last message does not contain '\(wanted)'" }
            }
            if let wanted = toolResultContains {
                let results: [String]
                if anthropic {
                    results = messages.flatMap { message -> [String] in
                        (message["content"] as? [[String: Any]] ?? []).filter { $0["type"] as? String == "tool_result" }.flatMap { texts($0["content"]) }
                    }
                } else {
                    results = messages.filter { $0["role"] as? String == "tool" }.flatMap { texts($0["content"]) }
                }
                if !results.contains(where: { $0.contains(wanted) }) { return "no tool result contains '\(wanted)'" }
            }
            if let wanted = bodyContains {
                let raw = (try? JSONSerialization.data(withJSONObject: body)).map { String(decoding: $0, as: UTF8.self) } ?? ""
                if !raw.contains(wanted) { return "the body does not contain '\(wanted)'" }
            }
            return nil
        }
    }

    /// A scripted tool call.
    package struct ToolCall: Codable, Sendable {
        /// The tool's name.
        package var name: String
        /// The arguments as JSON text (sent as is, so it may be invalid on purpose).
        package var arguments: String
        /// The call's id (generated when absent).
        package var id: String?

        /// Creates a tool call.
        package init(name: String, arguments: String, id: String? = nil) {
            self.name = name
            self.arguments = arguments
            self.id = id
        }
    }

    /// What the server answers.
    package struct Reply: Codable, Sendable {
        /// The HTTP status (default 200); for errors the text becomes the error message.
        package var status: Int?
        /// The assistant's text.
        package var text: String?
        /// The assistant's tool calls.
        package var toolCalls: [ToolCall]?
        /// Seconds to wait before answering.
        package var delaySeconds: Double?
        /// A body sent verbatim instead of a built reply (for garbage).
        package var rawBody: String?
        /// Extra response headers (`Retry-After`...).
        package var headers: [String: String]?
        /// Bytes of padding appended to the text (for oversized replies).
        package var padBytes: Int?
        /// Reported prompt tokens (default: request bytes / 4).
        package var promptTokens: Int?
        /// Reported reply tokens (default: reply bytes / 4).
        package var completionTokens: Int?

        /// Creates a reply.
        package init(status: Int? = nil, text: String? = nil, toolCalls: [ToolCall]? = nil, delaySeconds: Double? = nil, rawBody: String? = nil,
                    headers: [String: String]? = nil, padBytes: Int? = nil, promptTokens: Int? = nil, completionTokens: Int? = nil) {
            self.status = status
            self.text = text
            self.toolCalls = toolCalls
            self.delaySeconds = delaySeconds
            self.rawBody = rawBody
            self.headers = headers
            self.padBytes = padBytes
            self.promptTokens = promptTokens
            self.completionTokens = completionTokens
        }

        /// A text answer.
        package static func text(_ text: String) -> Reply { Reply(text: text) }
        /// One tool call.
        package static func tool(_ name: String, _ arguments: String) -> Reply { Reply(toolCalls: [ToolCall(name: name, arguments: arguments)]) }
        /// An HTTP error status, with optional headers.
        package static func status(_ status: Int, _ message: String? = nil, headers: [String: String]? = nil) -> Reply {
            Reply(status: status, text: message, headers: headers)
        }
        /// A verbatim body.
        package static func raw(_ body: String, status: Int = 200) -> Reply { Reply(status: status, rawBody: body) }
    }
}
