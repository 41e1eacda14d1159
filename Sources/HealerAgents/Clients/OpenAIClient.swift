// The OpenAI-compatible chat-completions provider (OpenAI, Azure, vLLM, Ollama, llama.cpp, LM Studio).
import Foundation
import HealerHTTP

/// A client for `/v1/chat/completions` with `tools`/`tool_calls` and structured output.
///
/// ```swift
/// let client = OpenAIClient(settings: try ModelSettings.resolve(config: ["model": "gpt-4o-mini"]))
/// let reply = try await client.send(ChatRequest(messages: [.user("Hello")]))
/// ```
package struct OpenAIClient: LLMClient {
    /// The settings in use.
    package let settings: ModelSettings
    private let transport: ModelTransport
    private let capabilities: ServerCapabilities

    /// Creates a client; nothing is sent until ``send(_:)``.
    package init(settings: ModelSettings) {
        self.settings = settings
        self.transport = ModelTransport(settings: settings, finalReplyMarkers: ShapeRefusal.markers)
        self.capabilities = ServerCapabilities(top: RequestShape(configured: settings.structuredOutput),
                                               store: settings.capabilityFile.map(CapabilityStore.init(file:)),
                                               key: CapabilityStore.key(baseURL: settings.baseURL, model: settings.model))
    }

    /// The request shape the next call starts with.
    package var shape: RequestShape { capabilities.current }

    /// Sends one chat-completions request.
    ///
    /// A server that refuses the request's shape (see ``ShapeRefusal``) gets it again one rung
    /// lower on the ladder of ``RequestShape``; the reply carries the shape that was taken.
    ///
    /// - Throws: ``AgentError`` for a prompt over the context window, transport failures after
    ///   the retries, error statuses, and replies that are not chat completions.
    package func send(_ request: ChatRequest) async throws(AgentError) -> ChatResponse {
        let maxTokens = try settings.checkContext(request)
        var headers: [String: String] = [:]
        if let key = settings.apiKey { headers["Authorization"] = "Bearer \(key)" }
        var shape = capabilities.current
        while true {
            let body = requestBody(request, maxTokens: maxTokens, shape: shape)
            let reply: (data: Data, latency: Double)
            do {
                reply = try await transport.send(settings.endpoint("chat/completions"), headers: headers, body: Data(body.jsonText.utf8))
            } catch {
                guard let next = stepDown(after: error, request: request, shape: shape) else { throw transport.agentError(error) }
                shape = next
                continue
            }
            var response = try Self.parse(reply.data, server: settings.serverDescription)
            if shape.tools == .prompt { response = PromptTools.readAction(response, request: request) }
            response.latencySeconds = reply.latency
            response.shape = shape
            if response.usage.totalTokens == 0 { response.usage = TokenUsage.estimated(request: request, response: response) }
            return response
        }
    }

    /// The next rung when `error` refuses a feature `request` used in `shape`; `nil` otherwise.
    private func stepDown(after error: HTTPClientError, request: ChatRequest, shape: RequestShape) -> RequestShape? {
        guard let status = error.status else { return nil }
        let sentFormat = request.responseFormat != nil && shape.structuredOutput != .prompt
        let sentTools = shape.tools == .native && PromptTools.applies(to: request)
        guard let refused = ShapeRefusal.read(status: status, text: error.replyText ?? "", sentFormat: sentFormat, sentTools: sentTools) else {
            return nil
        }
        return capabilities.stepDown(refused, used: shape)
    }

    /// The JSON body for a request in `shape`.
    func requestBody(_ request: ChatRequest, maxTokens: Int, shape: RequestShape) -> JSONValue {
        let toolsInPrompt = shape.tools == .prompt && PromptTools.applies(to: request)
        var body: [String: JSONValue] = [
            "model": .string(settings.model),
            "messages": .array((toolsInPrompt ? PromptTools.messages(request) : request.messages).map(Self.encode)),
            "max_tokens": .number(Double(maxTokens)),
            "stream": false,
        ]
        if let temperature = request.temperature { body["temperature"] = .number(temperature) }
        if !toolsInPrompt && !request.tools.isEmpty {
            body["tools"] = .array(request.tools.map { tool in
                ["type": "function", "function": ["name": .string(tool.name), "description": .string(tool.description), "parameters": tool.parameters]]
            })
        }
        if let format = request.responseFormat {
            let schema = toolsInPrompt && !request.tools.isEmpty ? PromptTools.answerOrAction(format.schema, tools: request.tools) : format.schema
            switch shape.structuredOutput {
            case .jsonSchema:
                body["response_format"] = ["type": "json_schema", "json_schema": ["name": .string(format.name), "schema": Self.strictSubset(schema), "strict": true]]
            case .jsonObjectSchema:
                body["response_format"] = ["type": "json_object", "schema": Self.grammarSubset(schema)]
            case .jsonObject:
                body["response_format"] = ["type": "json_object"]
            case .prompt:
                break
            }
        }
        return .object(body)
    }

    /// The schema without the length and count keywords that OpenAI's strict mode refuses;
    /// healer still enforces them when it validates the answer.
    static func strictSubset(_ schema: JSONValue) -> JSONValue {
        subset(schema) { _, _ in true }
    }

    /// The schema for a grammar-constrained server (`json_object+schema`): without the large
    /// length and count bounds, which llama.cpp unrolls into a grammar too large to build
    /// (llama-cpp-python's process exits on `maxItems: 50` of `maxLength: 500`); small bounds stay.
    static func grammarSubset(_ schema: JSONValue) -> JSONValue {
        subset(schema) { keyword, value in
            guard let bound = value.intValue else { return true }
            return bound > (keyword.hasSuffix("Items") ? 8 : 64)
        }
    }

    /// `schema` without the length and count keywords for which `drops` holds, at every level.
    private static func subset(_ schema: JSONValue, drops: (String, JSONValue) -> Bool) -> JSONValue {
        guard case .object(var rules) = schema else { return schema }
        for keyword in ["maxLength", "minLength", "maxItems", "minItems"] {
            if let value = rules[keyword], drops(keyword, value) { rules[keyword] = nil }
        }
        if case .object(let properties)? = rules["properties"] { rules["properties"] = .object(properties.mapValues { subset($0, drops: drops) }) }
        if let items = rules["items"] { rules["items"] = subset(items, drops: drops) }
        if case .array(let options)? = rules["anyOf"] { rules["anyOf"] = .array(options.map { subset($0, drops: drops) }) }
        return .object(rules)
    }

    static func encode(_ message: ChatMessage) -> JSONValue {
        switch message.role {
        case .system, .user:
            return ["role": .string(message.role.rawValue), "content": .string(message.content)]
        case .assistant:
            var object: [String: JSONValue] = ["role": "assistant", "content": message.content.isEmpty && !message.toolCalls.isEmpty ? .null : .string(message.content)]
            if !message.toolCalls.isEmpty {
                object["tool_calls"] = .array(message.toolCalls.map { call in
                    ["id": .string(call.id), "type": "function", "function": ["name": .string(call.name), "arguments": .string(call.arguments)]]
                })
            }
            return .object(object)
        case .tool:
            var object: [String: JSONValue] = ["role": "tool", "content": .string(message.content), "tool_call_id": .string(message.toolCallID ?? "")]
            if let name = message.name { object["name"] = .string(name) }
            return .object(object)
        }
    }

    /// Reads a chat-completions reply.
    static func parse(_ data: Data, server: String) throws(AgentError) -> ChatResponse {
        let json: JSONValue
        do {
            json = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw AgentError(.invalidResponse, "the model server at \(server) sent a reply that is not JSON (\(HTTPResponse.excerpt(data))); is HEALER_LLM_BASE_URL an OpenAI-compatible server?")
        }
        if let error = json["error"], error != .null {
            let message = error["message"]?.stringValue ?? error.jsonText
            throw AgentError(.invalidResponse, "the model server at \(server) reported an error: \(message.prefix(200))")
        }
        guard let choice = json["choices"]?.arrayValue?.first, let message = choice["message"] else {
            throw AgentError(.invalidResponse, "the model server at \(server) sent a reply without choices[0].message; is it an OpenAI-compatible chat-completions server?")
        }
        var calls: [ToolCall] = []
        for (index, call) in (message["tool_calls"]?.arrayValue ?? []).enumerated() {
            guard let function = call["function"], let name = function["name"]?.stringValue else {
                throw AgentError(.invalidResponse, "the model server at \(server) sent a tool call without function.name")
            }
            let arguments: String
            switch function["arguments"] {
            case .string(let text)?: arguments = text
            case .some(let value): arguments = value.jsonText
            case nil: arguments = "{}"
            }
            calls.append(ToolCall(id: call["id"]?.stringValue ?? "call_\(index)", name: name, arguments: arguments))
        }
        let usage = TokenUsage(promptTokens: json["usage"]?["prompt_tokens"]?.intValue ?? 0,
                               completionTokens: json["usage"]?["completion_tokens"]?.intValue ?? 0)
        // Some servers send the content as a list of parts.
        let text = message["content"]?.stringValue
            ?? message["content"]?.arrayValue.map { parts in parts.compactMap { $0["text"]?.stringValue }.joined() }
        return ChatResponse(text: text, toolCalls: calls, usage: usage,
                            finishReason: choice["finish_reason"]?.stringValue, model: json["model"]?.stringValue)
    }
}
