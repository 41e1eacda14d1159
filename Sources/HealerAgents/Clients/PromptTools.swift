// The tools rung "prompt": tools described in the system prompt, calls and results as text, a JSON action read back as a call.
import Foundation

/// Tools for servers that refuse native ones (llama.cpp's server without `--jinja`, vLLM
/// without a tool parser, Ollama models without tool support).
///
/// The tools are listed in the system prompt with the form of an action,
/// `{"tool": "rag_search", "arguments": {"query": "retry"}}`; earlier calls and their results
/// go as plain assistant and user text; a reply that is one such action naming an offered tool
/// comes back to the agent loop as that tool call, so the loop runs it as it runs native calls.
/// Any other reply (the answer itself) is left as it is.
enum PromptTools {
    /// Whether `request` needs the prompt form: it offers tools or carries earlier calls.
    static func applies(to request: ChatRequest) -> Bool {
        !request.tools.isEmpty || request.messages.contains { $0.role == .tool || !$0.toolCalls.isEmpty }
    }

    /// The conversation in plain messages: the tools in the system prompt, calls and results as
    /// text, and no two messages of one role in a row (chat templates such as Gemma's refuse that).
    static func messages(_ request: ChatRequest) -> [ChatMessage] {
        var plain: [ChatMessage] = []
        func append(_ message: ChatMessage) {
            if let last = plain.last, last.role == message.role {
                plain[plain.count - 1].content += "\n\n" + message.content
            } else {
                plain.append(message)
            }
        }
        let guide = description(of: request.tools, answer: request.responseFormat)
        if !guide.isEmpty, request.messages.first?.role != .system { append(.system(guide)) }
        for message in request.messages {
            switch message.role {
            case .system:
                append(.system(guide.isEmpty ? message.content : message.content + "\n\n" + guide))
            case .user:
                append(message)
            case .assistant:
                let actions = message.toolCalls.map { action(name: $0.name, arguments: $0.arguments) }
                append(.assistant(([message.content] + actions).filter { !$0.isEmpty }.joined(separator: "\n")))
            case .tool:
                append(.user("Result of \(message.name ?? "the tool"):\n\(message.content)"))
            }
        }
        return plain
    }

    /// The tools and the form of an action, for the system prompt; empty without tools.
    static func description(of tools: [ToolDefinition], answer: ResponseFormat?) -> String {
        guard !tools.isEmpty else { return "" }
        var lines = [
            "Tools: this server takes no native tool calls. To use a tool, reply with only one JSON object "
                + #"{"tool": "<name>", "arguments": {...}} and nothing else; its result comes in the next message. The tools:"#,
        ]
        for tool in tools {
            let arguments = tool.parameters == answer?.schema ? "your final answer, matching the answer schema" : tool.parameters.jsonText
            lines.append("- \(tool.name): \(tool.description) Arguments: \(arguments)")
        }
        return lines.joined(separator: "\n")
    }

    /// The schema a constrained server is given when tools are in the prompt: the answer or an action.
    static func answerOrAction(_ answer: JSONValue, tools: [ToolDefinition]) -> JSONValue {
        let action: JSONValue = [
            "type": "object",
            "properties": ["tool": ["type": "string", "enum": .array(tools.map { .string($0.name) })], "arguments": ["type": "object"]],
            "required": ["tool", "arguments"],
        ]
        return ["anyOf": [answer, action]]
    }

    /// `response` with a reply that is one action naming a tool of `request` turned into that
    /// tool call; the id counts the conversation's assistant turns, so replays get the same one.
    static func readAction(_ response: ChatResponse, request: ChatRequest) -> ChatResponse {
        guard response.toolCalls.isEmpty, let text = response.text,
              case .object(let fields)? = try? JSONValue.parseLenient(AgentLoop.extractJSON(text)),
              let name = fields["tool"]?.stringValue, request.tools.contains(where: { $0.name == name }),
              Set(fields.keys).isSubset(of: ["tool", "arguments"]) else { return response }
        var call = response
        let turn = request.messages.filter { $0.role == .assistant }.count + 1
        call.text = nil
        call.toolCalls = [ToolCall(id: "prompt_call_\(turn)", name: name, arguments: (fields["arguments"] ?? .object([:])).jsonText)]
        call.finishReason = "tool_calls"
        return call
    }

    /// A call written as an action.
    private static func action(name: String, arguments: String) -> String {
        let value = (try? JSONValue.parseLenient(arguments.isEmpty ? "{}" : arguments)) ?? .string(arguments)
        return JSONValue.object(["tool": .string(name), "arguments": value]).jsonText
    }
}
