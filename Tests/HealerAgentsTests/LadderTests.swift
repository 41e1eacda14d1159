// The capability ladder against the scripted server playing each real server family: step-downs, memory, prompt tools.
import Foundation
import HealerAgents
import HealerTestSupport
import Testing

private let lookTool = ToolDefinition(name: "look", description: "Looks a key up.",
                                      parameters: ["type": "object", "properties": ["key": ["type": "string"]], "required": ["key"]])
private let format = ResponseFormat(name: "a", schema: ["type": "object", "properties": ["a": ["type": "string"]], "required": ["a"]])
/// A request with tools, a format and an earlier tool call: everything a family may refuse.
private let fullRequest = ChatRequest(messages: [
    .system("You answer."), .user("go"),
    .assistant("", toolCalls: [ToolCall(id: "c1", name: "look", arguments: #"{"key":"k"}"#)]),
    .tool("42", for: ToolCall(id: "c1", name: "look", arguments: "{}")),
], tools: [lookTool], responseFormat: format)

/// Runs `body` with a scripted server playing `family` that answers every accepted call with `{"a":"ok"}`.
private func withFamily<T>(_ family: ServerFamily, replies: [ModelScenario.Reply] = [.text(#"{"a":"ok"}"#)], times: Int = 0,
                           _ body: (URL, ScriptedModelServer) async throws -> T) async throws -> T {
    let steps = replies.enumerated().map { index, reply in ModelScenario.Step(reply: reply, times: index == replies.count - 1 ? times : 1) }
    let server = ScriptedModelServer(ModelScenario(steps: steps), family: family)
    let url = try server.start()
    defer { server.stop() }
    return try await body(url, server)
}

private func capabilityFile() -> URL {
    URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("healer-ladder-\(UUID().uuidString)/server-capabilities.json")
}

@Suite("The capability ladder")
struct LadderTests {
    @Test("each family's refusals step the request down to the shape it takes, without HTTP retries", arguments: [
        (ServerFamily.llamaCppPython, RequestShape(structuredOutput: .jsonObjectSchema, tools: .prompt)),
        (.llamaServer, RequestShape(structuredOutput: .jsonObjectSchema, tools: .prompt)),
        (.lmStudio, RequestShape(structuredOutput: .jsonSchema, tools: .native)),
        (.vllm, RequestShape(structuredOutput: .jsonSchema, tools: .prompt)),
        (.ollama, RequestShape(structuredOutput: .jsonSchema, tools: .prompt)),
        (.openAI, RequestShape(structuredOutput: .jsonObject, tools: .native)),
        (.azure, RequestShape(structuredOutput: .jsonObjectSchema, tools: .native)),
        (.anthropic, RequestShape(structuredOutput: .prompt, tools: .native)),
    ])
    func familyShapes(family: ServerFamily, expected: RequestShape) async throws {
        let file = capabilityFile()
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        try await withFamily(family) { url, server in
            var settings = scriptedSettings(url, retries: 2)
            settings.capabilityFile = file
            let reply = try await OpenAIClient(settings: settings).send(fullRequest)
            #expect(reply.text == #"{"a":"ok"}"#)
            #expect(reply.shape == expected, "\(family)")
            #expect(server.requests.count == server.refusals + 1, "\(family): a refusal is not retried as it is")
            #expect(CapabilityStore(file: file).shape(for: CapabilityStore.key(baseURL: url, model: settings.model)) == (server.refusals > 0 ? expected : nil))

            // A new client (the next process) starts at the remembered rung: no refusal.
            let before = server.refusals
            let again = try await OpenAIClient(settings: settings).send(fullRequest)
            #expect(again.shape == expected)
            #expect(server.refusals == before, "\(family): the remembered shape is taken at once")
        }
    }

    @Test("a remembered rung that fails later steps down again, and the file follows")
    func rememberedRungFails() async throws {
        let file = capabilityFile()
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        try await withFamily(.lmStudio) { url, server in
            var settings = scriptedSettings(url)
            settings.capabilityFile = file
            let key = CapabilityStore.key(baseURL: url, model: settings.model)
            CapabilityStore(file: file).remember(RequestShape(structuredOutput: .jsonObjectSchema), for: key)
            let reply = try await OpenAIClient(settings: settings).send(ChatRequest(messages: [.user("hi")], responseFormat: format))
            #expect(reply.shape?.structuredOutput == .prompt, "LM Studio refuses both json_object rungs")
            #expect(server.refusals == 2)
            #expect(CapabilityStore(file: file).shape(for: key)?.structuredOutput == .prompt)
            #expect(json(server.bodies.last ?? "")["response_format"] == nil)
        }
    }

    @Test("tools in the prompt: the tools are described, calls and results go as text, and a JSON action comes back as a tool call")
    func promptTools() async throws {
        try await withFamily(.vllm, replies: [.text(#"{"tool": "look", "arguments": {"key": "k"}}"#), .text(#"{"a":"done"}"#)]) { url, server in
            let session = scriptedSession(url)
            let tool = AgentTool(name: "look", description: "Looks a key up.", parameters: lookTool.parameters) { arguments in
                "value of \(arguments["key"]?.stringValue ?? "?"): 42"
            }
            let outcome = try await AgentLoop(role: .requestPlanner, session: session, tools: [tool]).run(system: "You answer.", user: "go", format: format)
            #expect(outcome.answer == ["a": "done"])
            #expect(outcome.toolCalls == 1)
            let last = json(server.bodies.last ?? "")
            #expect(last["tools"] == nil)
            let messages = last["messages"] as? [[String: Any]] ?? []
            #expect(messages.map { $0["role"] as? String ?? "" } == ["system", "user", "assistant", "user"])
            #expect((messages.first?["content"] as? String)?.contains(#"{"tool": "<name>""#) == true)
            #expect((messages.last?["content"] as? String)?.contains("value of k: 42") == true)
            let schema = (last["response_format"] as? [String: Any])?["json_schema"] as? [String: Any]
            #expect((schema?["schema"] as? [String: Any])?["anyOf"] != nil, "a constrained server may answer or act")
            let transcript = await session.transcript
            #expect(transcript.map(\.shape) == [RequestShape(tools: .prompt), RequestShape(tools: .prompt)])
            #expect(transcript.first?.response?.toolCalls.first?.name == "look")

            // Replay answers from the transcript and gives back the recorded shape.
            let replay = ReplayClient(entries: transcript)
            let replayed = try await AgentLoop(role: .requestPlanner, session: ModelSession(client: replay), tools: [tool])
                .run(system: "You answer.", user: "go", format: format)
            #expect(replayed.answer == outcome.answer)
            #expect(await replay.isFinished)
        }
    }

    @Test("only replies that name the request's form are refusals", arguments: [
        (500, #"{"error":{"message":"Input should be 'text' or 'json_object'"}}"#, true, false, ShapeRefusal?.some(.structuredOutput)),
        (500, #"{"error":{"message":"Unsupported param: tools"}}"#, true, true, .tools),
        (400, #"{"error":{"message":"model 'nope' not found"}}"#, true, true, nil),
        (500, "Internal Server Error", true, true, nil),
        (502, "Bad Gateway", true, true, nil),
        (429, #"{"error":{"message":"too many tool calls per minute"}}"#, true, true, nil),
        (400, "This model's maximum context length is 8192 tokens (8000 in the messages, 500 in the functions)", true, true, nil),
        (400, #"{"error":{"message":"tools.0.input_schema: JSON schema is invalid"}}"#, true, true, .tools),
        (400, #"{"error":{"message":"response_format: Extra inputs are not permitted"}}"#, false, true, nil),
    ])
    func readsRefusals(status: Int, text: String, sentFormat: Bool, sentTools: Bool, expected: ShapeRefusal?) {
        #expect(ShapeRefusal.read(status: status, text: text, sentFormat: sentFormat, sentTools: sentTools) == expected, "\(status) \(text)")
    }

    @Test("json_object+schema leaves out the large bounds that llama.cpp cannot turn into a grammar, and keeps small ones")
    func grammarBounds() async throws {
        try await withFamily(.llamaCppPython) { url, server in
            let schema: JSONValue = ["type": "object", "required": ["steps", "id"], "properties": [
                "steps": ["type": "array", "minItems": 1, "maxItems": 50, "items": ["type": "string", "maxLength": 500]],
                "id": ["type": "string", "maxLength": 8],
            ]]
            _ = try await OpenAIClient(settings: scriptedSettings(url)).send(ChatRequest(messages: [.user("hi")], responseFormat: ResponseFormat(name: "p", schema: schema)))
            let sent = (json(server.bodies.last ?? "")["response_format"] as? [String: Any])?["schema"] as? [String: Any]
            let properties = sent?["properties"] as? [String: [String: Any]]
            #expect(properties?["steps"]?["maxItems"] == nil && properties?["steps"]?["minItems"] as? Int == 1)
            #expect((properties?["steps"]?["items"] as? [String: Any])?["maxLength"] == nil)
            #expect(properties?["id"]?["maxLength"] as? Int == 8)
        }
    }

    @Test("a bare 500 is still retried and then reported")
    func bareServerError() async throws {
        try await withScriptedServer([.init(reply: .status(500, "boom"), times: 0)]) { url, server in
            let error = await agentError { _ = try await OpenAIClient(settings: scriptedSettings(url, retries: 2)).send(fullRequest) }
            #expect(error?.status == 500)
            #expect(server.requests.count == 3)
        }
    }
}
