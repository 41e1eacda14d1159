// The Anthropic Messages API provider.
import Foundation
import HealerHTTP

/// A client for Anthropic's `/v1/messages` with `tools` (`tool_use` / `tool_result` blocks).
///
/// Anthropic has no JSON-schema response option in the stable API, so a requested schema is
/// added to the system prompt and the answer is validated by the caller.
package struct AnthropicClient: LLMClient {
    /// The settings in use.
    package let settings: ModelSettings
    private let transport: ModelTransport

    /// Creates a client; nothing is sent until ``send(_:)``.
    package init(settings: ModelSettings) {
        self.settings = settings
        self.transport = ModelTransport(settings: settings)
    }

    /// Sends one Messages request.
    ///
    /// - Throws: ``AgentError`` as ``OpenAIClient/send(_:)`` does.
    package func send(_ request: ChatRequest) async throws(AgentError) -> ChatResponse {
        let maxTokens = try settings.checkContext(request)
        let body = requestBody(request, maxTokens: maxTokens)
        var headers = ["anthropic-version": settings.anthropicVersion]
        if let key = settings.apiKey { headers["x-api-key"] = key }
        let (data, latency) = try await transport.post(settings.endpoint("messages"), headers: headers, body: Data(body.jsonText.utf8))
        var response = try Self.parse(data, server: settings.serverDescription)
        response.latencySeconds = latency
        if response.usage.totalTokens == 0 { response.usage = TokenUsage.estimated(request: request, response: response) }
        return response
    }

    /// The JSON body for a request.
    func requestBody(_ request: ChatRequest, maxTokens: Int) -> JSONValue {
        var system = request.messages.filter { $0.role == .system }.map(\.content).joined(separator: "\n\n")
        if let format = request.responseFormat {
            system += (system.isEmpty ? "" : "\n\n") + "Give your final answer as one JSON object matching this JSON schema, with no other text:\n" + format.schema.jsonText
        }
        var messages: [(role: String, blocks: [JSONValue])] = []
        func append(_ role: String, _ blocks: [JSONValue]) {
            guard !blocks.isEmpty else { return }
            if let last = messages.last, last.role == role {
                messages[messages.count - 1].blocks += blocks
            } else {
                messages.append((role, blocks))
            }
        }
        for message in request.messages {
            switch message.role {
            case .system: continue
            case .user: append("user", [["type": "text", "text": .string(message.content)]])
            case .assistant:
                var blocks: [JSONValue] = []
                if !message.content.isEmpty { blocks.append(["type": "text", "text": .string(message.content)]) }
                for call in message.toolCalls {
                    let input = (try? JSONValue.parse(call.arguments)).flatMap { value -> JSONValue? in
                        if case .object = value { return value }
                        return nil
                    } ?? .object([:])
                    blocks.append(["type": "tool_use", "id": .string(call.id), "name": .string(call.name), "input": input])
                }
                append("assistant", blocks)
            case .tool:
                append("user", [["type": "tool_result", "tool_use_id": .string(message.toolCallID ?? ""), "content": .string(message.content)]])
            }
        }
        var body: [String: JSONValue] = [
            "model": .string(settings.model),
            "max_tokens": .number(Double(maxTokens)),
            "messages": .array(messages.map { ["role": .string($0.role), "content": .array($0.blocks)] }),
        ]
        if !system.isEmpty { body["system"] = .string(system) }
        if let temperature = request.temperature { body["temperature"] = .number(temperature) }
        if !request.tools.isEmpty {
            body["tools"] = .array(request.tools.map { ["name": .string($0.name), "description": .string($0.description), "input_schema": $0.parameters] })
        }
        return .object(body)
    }

    /// Reads a Messages reply.
    static func parse(_ data: Data, server: String) throws(AgentError) -> ChatResponse {
        let json: JSONValue
        do {
            json = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw AgentError(.invalidResponse, "the model server at \(server) sent a reply that is not JSON (\(HTTPResponse.excerpt(data))); is HEALER_LLM_BASE_URL an Anthropic Messages server?")
        }
        if json["type"]?.stringValue == "error" {
            let message = json["error"]?["message"]?.stringValue ?? json.jsonText
            throw AgentError(.invalidResponse, "the model server at \(server) reported an error: \(message.prefix(200))")
        }
        guard let content = json["content"]?.arrayValue else {
            throw AgentError(.invalidResponse, "the model server at \(server) sent a reply without a content array; is it an Anthropic Messages server?")
        }
        var texts: [String] = []
        var calls: [ToolCall] = []
        for (index, block) in content.enumerated() {
            switch block["type"]?.stringValue {
            case "text": texts.append(block["text"]?.stringValue ?? "")
            case "tool_use":
                guard let name = block["name"]?.stringValue else {
                    throw AgentError(.invalidResponse, "the model server at \(server) sent a tool_use block without a name")
                }
                calls.append(ToolCall(id: block["id"]?.stringValue ?? "toolu_\(index)", name: name, arguments: (block["input"] ?? .object([:])).jsonText))
            default: continue
            }
        }
        let usage = TokenUsage(promptTokens: json["usage"]?["input_tokens"]?.intValue ?? 0,
                               completionTokens: json["usage"]?["output_tokens"]?.intValue ?? 0)
        return ChatResponse(text: texts.isEmpty ? nil : texts.joined(separator: "\n"), toolCalls: calls, usage: usage,
                            finishReason: json["stop_reason"]?.stringValue, model: json["model"]?.stringValue)
    }
}
