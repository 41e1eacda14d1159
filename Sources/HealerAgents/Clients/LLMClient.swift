// The one protocol every model provider implements, and the values that cross it.
import Foundation

/// A chat model behind some API: send messages (and tools), get text and/or tool calls back.
///
/// Implementations: ``OpenAIClient`` (any OpenAI-compatible server), ``AnthropicClient``, and
/// ``ReplayClient`` (answers from a recorded transcript, no model).
package protocol LLMClient: Sendable {
    /// Sends one chat request and waits for the whole reply.
    ///
    /// - Throws: ``AgentError`` with a one-line message saying what failed and how to fix it.
    func send(_ request: ChatRequest) async throws(AgentError) -> ChatResponse
}

/// One message of a conversation.
package struct ChatMessage: Codable, Sendable, Equatable {
    /// Who speaks.
    package enum Role: String, Codable, Sendable {
        /// Instructions for the model.
        case system
        /// The person (or the loop speaking for them).
        case user
        /// The model.
        case assistant
        /// A tool's result, answering one of the assistant's tool calls.
        case tool
    }

    /// Who speaks.
    package var role: Role
    /// The text (for `tool`, the tool's result).
    package var content: String
    /// The tool calls the assistant made in this message.
    package var toolCalls: [ToolCall]
    /// For a `tool` message, the id of the call it answers.
    package var toolCallID: String?
    /// For a `tool` message, the name of the tool.
    package var name: String?

    /// Creates a message.
    package init(role: Role, content: String, toolCalls: [ToolCall] = [], toolCallID: String? = nil, name: String? = nil) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
        self.name = name
    }

    /// A system message.
    package static func system(_ text: String) -> ChatMessage { ChatMessage(role: .system, content: text) }
    /// A user message.
    package static func user(_ text: String) -> ChatMessage { ChatMessage(role: .user, content: text) }
    /// An assistant message.
    package static func assistant(_ text: String, toolCalls: [ToolCall] = []) -> ChatMessage {
        ChatMessage(role: .assistant, content: text, toolCalls: toolCalls)
    }
    /// A tool result answering `call`.
    package static func tool(_ result: String, for call: ToolCall) -> ChatMessage {
        ChatMessage(role: .tool, content: result, toolCallID: call.id, name: call.name)
    }
}

/// A tool call made by the model.
package struct ToolCall: Codable, Sendable, Equatable {
    /// The provider's id for the call (tool results refer to it).
    package var id: String
    /// The tool's name.
    package var name: String
    /// The arguments as JSON text, exactly as the model wrote them (they may be invalid JSON).
    package var arguments: String

    /// Creates a tool call.
    package init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}

/// A tool the model may call.
package struct ToolDefinition: Codable, Sendable, Equatable {
    /// The name (letters, digits, `_` and `-`: providers refuse dots).
    package var name: String
    /// What it does, for the model.
    package var description: String
    /// A JSON schema of its arguments (an object schema).
    package var parameters: JSONValue

    /// Creates a definition.
    package init(name: String, description: String, parameters: JSONValue) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }
}

/// A JSON schema the final answer must match, sent as the provider's structured-output option.
package struct ResponseFormat: Codable, Sendable, Equatable {
    /// A name for the schema (`plan`, `coding_edits`...).
    package var name: String
    /// The schema.
    package var schema: JSONValue

    /// Creates a response format.
    package init(name: String, schema: JSONValue) {
        self.name = name
        self.schema = schema
    }
}

/// Everything one model call needs.
package struct ChatRequest: Codable, Sendable, Equatable {
    /// The conversation so far, system message first.
    package var messages: [ChatMessage]
    /// The tools the model may call.
    package var tools: [ToolDefinition]
    /// The schema of a structured answer, if one is wanted.
    package var responseFormat: ResponseFormat?
    /// The most tokens the reply may have.
    package var maxTokens: Int
    /// Sampling temperature; `nil` leaves the provider's default.
    package var temperature: Double?

    /// Creates a request.
    package init(messages: [ChatMessage], tools: [ToolDefinition] = [], responseFormat: ResponseFormat? = nil, maxTokens: Int = 4096,
                temperature: Double? = nil) {
        self.messages = messages
        self.tools = tools
        self.responseFormat = responseFormat
        self.maxTokens = maxTokens
        self.temperature = temperature
    }

    /// A rough token count of everything sent (bytes / 4), used before the call for the
    /// context-window check and the budget.
    package var estimatedPromptTokens: Int {
        var bytes = 0
        for message in messages {
            bytes += message.content.utf8.count + 8
            for call in message.toolCalls { bytes += call.name.utf8.count + call.arguments.utf8.count + 8 }
        }
        for tool in tools { bytes += tool.name.utf8.count + tool.description.utf8.count + tool.parameters.jsonText.utf8.count }
        if let format = responseFormat { bytes += format.schema.jsonText.utf8.count }
        return (bytes + 3) / 4
    }
}

/// Tokens a call used.
package struct TokenUsage: Codable, Sendable, Equatable {
    /// Tokens in the prompt.
    package var promptTokens: Int
    /// Tokens in the reply.
    package var completionTokens: Int

    /// Creates usage.
    package init(promptTokens: Int = 0, completionTokens: Int = 0) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
    }

    /// Prompt and reply together.
    package var totalTokens: Int { promptTokens + completionTokens }

    /// An estimate (bytes / 4) for servers that report no usage, so budgets still count the call.
    static func estimated(request: ChatRequest, response: ChatResponse) -> TokenUsage {
        let replyBytes = (response.text ?? "").utf8.count + response.toolCalls.reduce(0) { $0 + $1.name.utf8.count + $1.arguments.utf8.count }
        return TokenUsage(promptTokens: request.estimatedPromptTokens, completionTokens: (replyBytes + 3) / 4)
    }
}

/// The model's reply to one ``ChatRequest``.
package struct ChatResponse: Codable, Sendable, Equatable {
    /// The assistant's text, if it wrote any.
    package var text: String?
    /// The tools it called, in order.
    package var toolCalls: [ToolCall]
    /// Tokens used (the server's count, or an estimate when it gave none).
    package var usage: TokenUsage
    /// Wall-clock time of the call, retries included.
    package var latencySeconds: Double
    /// Why the model stopped (`stop`, `tool_calls`, `length`...), as the provider said it.
    package var finishReason: String?
    /// The model that answered, as the provider named it.
    package var model: String?
    /// The request shape the server took (OpenAI-compatible servers); recorded in the
    /// transcript entry, not in the reply.
    package var shape: RequestShape?

    private enum CodingKeys: String, CodingKey {
        case text, toolCalls, usage, latencySeconds, finishReason, model
    }

    /// Creates a response.
    package init(text: String?, toolCalls: [ToolCall] = [], usage: TokenUsage = TokenUsage(), latencySeconds: Double = 0,
                finishReason: String? = nil, model: String? = nil) {
        self.text = text
        self.toolCalls = toolCalls
        self.usage = usage
        self.latencySeconds = latencySeconds
        self.finishReason = finishReason
        self.model = model
    }
}
