// The OpenAI and Anthropic clients against the scripted model server over real HTTP.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HealerAgents
import HealerTestSupport
import Testing

private let weatherTool = ToolDefinition(name: "lookup", description: "Looks a value up.",
                                         parameters: ["type": "object", "properties": ["key": ["type": "string"]], "required": ["key"]])

@Suite("Model clients")
struct ClientTests {
    @Test("OpenAI: a tool call round trip, with the json_schema response format")
    func openAIToolRoundTrip() async throws {
        try await withScriptedServer([
            toolStep("lookup", #"{"key":"answer"}"#, expect: .init(systemContains: "You answer")),
            textStep(#"{"value":42}"#, expect: .init(toolResultContains: "42")),
        ]) { url, server in
            let client = OpenAIClient(settings: scriptedSettings(url))
            let format = ResponseFormat(name: "answer", schema: ["type": "object", "properties": ["value": ["type": "number"], "note": ["type": "string", "maxLength": 10]]])
            var request = ChatRequest(messages: [.system("You answer."), .user("What is it?")], tools: [weatherTool], responseFormat: format, maxTokens: 100)
            let first = try await client.send(request)
            #expect(first.text == nil)
            #expect(first.toolCalls.count == 1)
            let call = try #require(first.toolCalls.first)
            #expect(call.name == "lookup")
            #expect(call.arguments == #"{"key":"answer"}"#)
            #expect(first.finishReason == "tool_calls")
            #expect(first.usage.promptTokens > 0)

            request.messages.append(.assistant("", toolCalls: first.toolCalls))
            request.messages.append(.tool("42", for: call))
            let second = try await client.send(request)
            #expect(second.text == #"{"value":42}"#)
            #expect(second.toolCalls.isEmpty)
            #expect(server.mismatches.isEmpty)

            let bodies = server.requests
            #expect(bodies.count == 2)
            #expect(bodies[0].path == "/v1/chat/completions")
            #expect(bodies[0].headers["authorization"] == "Bearer test-key-123")
            let body = json(bodies[0].body)
            #expect(body["model"] as? String == "scripted-model")
            #expect(body["max_tokens"] as? Int == 100)
            let tools = try #require(body["tools"] as? [[String: Any]])
            #expect(tools.first?["type"] as? String == "function")
            #expect((tools.first?["function"] as? [String: Any])?["name"] as? String == "lookup")
            let format0 = try #require(body["response_format"] as? [String: Any])
            #expect(format0["type"] as? String == "json_schema")
            let schema = try #require(format0["json_schema"] as? [String: Any])
            #expect(schema["name"] as? String == "answer")
            #expect(schema["strict"] as? Bool == true)
            #expect(schema["schema"] is [String: Any])
            #expect(!bodies[0].body.contains("maxLength"), "strict mode refuses length keywords")

            let messages = try #require(json(bodies[1].body)["messages"] as? [[String: Any]])
            #expect(messages.count == 4)
            let assistant = messages[2]
            #expect(assistant["role"] as? String == "assistant")
            #expect((assistant["tool_calls"] as? [[String: Any]])?.first?["id"] as? String == call.id)
            #expect(messages[3]["role"] as? String == "tool")
            #expect(messages[3]["tool_call_id"] as? String == call.id)
        }
    }

    @Test("OpenAI: json_object mode sends llama.cpp's response_format with the schema")
    func jsonObjectMode() async throws {
        try await withScriptedServer([textStep("{}")]) { url, server in
            let client = OpenAIClient(settings: scriptedSettings(url, structuredOutput: .jsonObject))
            let schema: JSONValue = ["type": "object", "properties": ["a": ["type": "string", "maxLength": 5]], "required": ["a"]]
            _ = try await client.send(ChatRequest(messages: [.user("hi")], responseFormat: ResponseFormat(name: "a", schema: schema)))
            let format = try #require(json(server.bodies[0])["response_format"] as? [String: Any])
            #expect(format["type"] as? String == "json_object")
            #expect((format["schema"] as? [String: Any])?["required"] as? [String] == ["a"])
            #expect(server.bodies[0].contains("maxLength"), "llama.cpp's grammar keeps length keywords")
        }
    }

    @Test("Anthropic: headers, system prompt, tool_use and tool_result blocks")
    func anthropicToolRoundTrip() async throws {
        try await withScriptedServer([
            toolStep("lookup", #"{"key":"k"}"#, expect: .init(systemContains: "Be brief")),
            textStep("done", expect: .init(toolResultContains: "found it")),
        ]) { url, server in
            let client = AnthropicClient(settings: scriptedSettings(url, provider: .anthropic))
            var request = ChatRequest(messages: [.system("Be brief."), .user("Go")], tools: [weatherTool],
                                      responseFormat: ResponseFormat(name: "x", schema: ["type": "object"]), maxTokens: 50)
            let first = try await client.send(request)
            let call = try #require(first.toolCalls.first)
            #expect(call.name == "lookup")
            #expect(try JSONValue.parse(call.arguments) == ["key": "k"])
            #expect(first.finishReason == "tool_use")
            request.messages.append(.assistant("Looking.", toolCalls: first.toolCalls))
            request.messages.append(.tool("found it", for: call))
            let second = try await client.send(request)
            #expect(second.text == "done")
            #expect(server.mismatches.isEmpty)

            let recorded = server.requests
            #expect(recorded[0].path == "/v1/messages")
            #expect(recorded[0].headers["x-api-key"] == "test-key-123")
            #expect(recorded[0].headers["anthropic-version"] == "2023-06-01")
            let body = json(recorded[0].body)
            #expect((body["system"] as? String)?.contains("JSON schema") == true)
            #expect((body["tools"] as? [[String: Any]])?.first?["input_schema"] is [String: Any])
            let messages = try #require(json(recorded[1].body)["messages"] as? [[String: Any]])
            #expect(messages.map { $0["role"] as? String } == ["user", "assistant", "user"])
            let blocks = try #require(messages[1]["content"] as? [[String: Any]])
            #expect(blocks.map { $0["type"] as? String } == ["text", "tool_use"])
            let result = try #require((messages[2]["content"] as? [[String: Any]])?.first)
            #expect(result["type"] as? String == "tool_result")
            #expect(result["tool_use_id"] as? String == call.id)
        }
    }

    @Test("reads content parts and estimates usage when a server reports none")
    func partsAndNoUsage() async throws {
        let raw = #"{"choices":[{"message":{"role":"assistant","content":[{"type":"text","text":"hello "},{"type":"text","text":"world"}]},"finish_reason":"stop"}]}"#
        try await withScriptedServer([.init(reply: .raw(raw)), .init(reply: .raw(#"{"content":[{"type":"text","text":"hi there"}],"stop_reason":"end_turn"}"#))]) { url, _ in
            let openAI = try await OpenAIClient(settings: scriptedSettings(url)).send(ChatRequest(messages: [.user(String(repeating: "a", count: 400))]))
            #expect(openAI.text == "hello world")
            #expect(openAI.usage.promptTokens >= 100)
            #expect(openAI.usage.completionTokens == 3)
            let anthropic = try await AnthropicClient(settings: scriptedSettings(url, provider: .anthropic)).send(ChatRequest(messages: [.user("hi")]))
            #expect(anthropic.text == "hi there")
            #expect(anthropic.usage.totalTokens > 0)
        }
    }

    @Test("OpenAI: a server that refuses json_schema, then tools, gets json_object and no tools, and the client remembers")
    func capabilityFallback() async throws {
        let tool = ToolDefinition(name: "look", description: "d", parameters: ["type": "object"])
        let format = ResponseFormat(name: "a", schema: ["type": "object", "properties": ["a": ["type": "string"]], "required": ["a"]])
        try await withScriptedServer([
            .init(expect: .init(bodyContains: "json_schema"),
                  reply: .raw(#"{"error":{"message":"response_format type 'json_schema' is not supported by this server"}}"#, status: 400)),
            .init(expect: .init(bodyContains: "\"tools\""),
                  reply: .raw(#"{"error":{"message":"\"auto\" tool choice requires --enable-auto-tool-choice"}}"#, status: 400)),
            textStep(#"{"a":"x"}"#, expect: .init(bodyContains: "json_object")),
            textStep(#"{"a":"y"}"#, expect: .init(bodyContains: "json_object")),
        ]) { url, server in
            let client = OpenAIClient(settings: scriptedSettings(url, retries: 0))
            let first = try await client.send(ChatRequest(messages: [.user("hi")], tools: [tool], responseFormat: format))
            #expect(first.text == #"{"a":"x"}"#)
            let second = try await client.send(ChatRequest(messages: [.user("again")], tools: [tool], responseFormat: format))
            #expect(second.text == #"{"a":"y"}"#)
            #expect(server.mismatches.isEmpty, "\(server.mismatches)")
            #expect(server.requests.count == 4)
            #expect(json(server.bodies[2])["tools"] == nil && json(server.bodies[3])["tools"] == nil)
        }
    }

    @Test("OpenAI: a 400 that names no feature is reported, not retried")
    func plainBadRequest() async throws {
        try await withScriptedServer([.init(reply: .raw(#"{"error":{"message":"model 'nope' not found"}}"#, status: 400))]) { url, server in
            let client = OpenAIClient(settings: scriptedSettings(url, retries: 0))
            await #expect(throws: AgentError.self) {
                _ = try await client.send(ChatRequest(messages: [.user("hi")], responseFormat: ResponseFormat(name: "a", schema: ["type": "object"])))
            }
            #expect(server.requests.count == 1)
        }
    }

    @Test("retries a 429 after its Retry-After, then succeeds")
    func retryAfter() async throws {
        try await withScriptedServer([
            .init(reply: .status(429, "slow down", headers: ["Retry-After": "1"])),
            textStep("ok"),
        ]) { url, server in
            let client = OpenAIClient(settings: scriptedSettings(url))
            let started = Date()
            let reply = try await client.send(ChatRequest(messages: [.user("hi")]))
            #expect(reply.text == "ok")
            #expect(Date().timeIntervalSince(started) >= 0.9)
            #expect(server.requests.count == 2)
            #expect(reply.latencySeconds >= 0.9)
        }
    }

    @Test("gives up on a server that always answers 500, after the configured retries")
    func fiveHundredForever() async throws {
        try await withScriptedServer([.init(reply: .status(500, "boom"), times: 0)]) { url, server in
            let client = OpenAIClient(settings: scriptedSettings(url, retries: 2))
            let error = await agentError {
                _ = try await client.send(ChatRequest(messages: [.user("hi")]))
            }
                #expect(error?.code == .httpStatus)
                #expect(error?.status == 500)
                #expect(error?.message.contains("answered 500") == true)
                #expect(error?.message.contains("3 attempts") == true)
                #expect(error?.message.contains(url.port.map(String.init) ?? "?") == true)
            #expect(server.requests.count == 3)
        }
    }

    @Test("reports a server that answers slower than the timeout")
    func timeout() async throws {
        try await withScriptedServer([.init(reply: Reply(text: "late", delaySeconds: 8), times: 0)]) { url, server in
            let client = OpenAIClient(settings: scriptedSettings(url, timeout: 0.5, retries: 1))
            let started = Date()
            let error = await agentError {
                _ = try await client.send(ChatRequest(messages: [.user("hi")]))
            }
                #expect(error?.code == .timeout, "\(String(describing: error))")
                #expect(error?.message.contains("did not answer within") == true)
                #expect(error?.message.contains("timeout_seconds") == true)
            let elapsed = Date().timeIntervalSince(started)
            // Two attempts of 0.5 s; without the deadline they would last 16 s. The upper bound is
            // loose because parallel tests on a loaded 2-core machine delay wake-ups.
            #expect(elapsed > 0.9 && elapsed < 12, "elapsed \(elapsed)")
            #expect(server.requests.count == 2)
        }
    }

    @Test("401 is not retried and says which variable to set, without the key")
    func unauthorized() async throws {
        try await withScriptedServer([.init(reply: .status(401, "bad key test-key-123"), times: 0)]) { url, server in
            let client = OpenAIClient(settings: scriptedSettings(url))
            let error = await agentError {
                _ = try await client.send(ChatRequest(messages: [.user("hi")]))
            }
                #expect(error?.message.contains("answered 401") == true)
                #expect(error?.message.contains("set HEALER_LLM_API_KEY") == true)
                #expect(error?.message.contains("test-key-123") == false)
            #expect(server.requests.count == 1)
        }
    }

    @Test("refuses a 10 MB reply")
    func oversizedReply() async throws {
        try await withScriptedServer([.init(reply: Reply(text: "", padBytes: 10 << 20))]) { url, _ in
            let client = OpenAIClient(settings: scriptedSettings(url))
            let error = await agentError {
                _ = try await client.send(ChatRequest(messages: [.user("hi")]))
            }
                #expect(error?.code == .responseTooLarge)
                #expect(error?.message.contains("byte limit") == true)
                #expect(error?.message.contains("bytes declared") == true, "refused from Content-Length, before the body arrived")
        }
    }

    @Test("reports garbage replies and unreachable servers clearly")
    func garbageAndUnreachable() async throws {
        try await withScriptedServer([.init(reply: .raw("<html>oops</html>"))]) { url, _ in
            let client = OpenAIClient(settings: scriptedSettings(url))
            let error = await agentError {
                _ = try await client.send(ChatRequest(messages: [.user("hi")]))
            }
                #expect(error?.code == .invalidResponse)
                #expect(error?.message.contains("not JSON") == true)
        }
        let closed = try #require(URL(string: "http://127.0.0.1:1"))
        let client = OpenAIClient(settings: scriptedSettings(closed, retries: 1))
        let error = await agentError {
            _ = try await client.send(ChatRequest(messages: [.user("hi")]))
        }
            #expect(error?.code == .network)
            #expect(error?.message.contains("HEALER_LLM_BASE_URL") == true)
    }

    @Test("refuses a prompt over the context window before calling")
    func contextWindow() async throws {
        try await withScriptedServer([textStep("never")]) { url, server in
            let client = OpenAIClient(settings: scriptedSettings(url, contextWindow: 100))
            let error = await agentError {
                _ = try await client.send(ChatRequest(messages: [.user(String(repeating: "word ", count: 200))]))
            }
                #expect(error?.code == .contextWindow)
                #expect(error?.message.contains("context window of 100") == true)
            #expect(server.requests.isEmpty)
        }
    }
}

private typealias Reply = ModelScenario.Reply

@Suite("Scripted scenarios")
struct ScenarioFileTests {
    @Test("a scenario loads from a JSON file and drives a client")
    func loadsFromFile() async throws {
        let path = NSTemporaryDirectory() + "scenario-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(#"""
            {"steps": [
              {"expect": {"systemContains": "terse"}, "reply": {"toolCalls": [{"name": "lookup", "arguments": "{\"key\":\"a\"}"}]}},
              {"reply": {"status": 429, "headers": {"Retry-After": "0"}}},
              {"reply": {"text": "done", "promptTokens": 7, "completionTokens": 3}}
            ]}
            """#.utf8).write(to: URL(fileURLWithPath: path))
        let server = ScriptedModelServer(try ModelScenario.load(contentsOf: path))
        let url = try server.start()
        defer { server.stop() }
        let client = OpenAIClient(settings: scriptedSettings(url))
        let first = try await client.send(ChatRequest(messages: [.system("Be terse."), .user("hi")], tools: [weatherTool]))
        #expect(first.toolCalls.first?.arguments == #"{"key":"a"}"#)
        let second = try await client.send(ChatRequest(messages: [.user("again")]))
        #expect(second.text == "done")
        #expect(second.usage == TokenUsage(promptTokens: 7, completionTokens: 3))
        #expect(server.requests.count == 3)
        #expect(server.remainingSteps == 0)
        let (models, _) = try await URLSession.shared.data(from: url.appendingPathComponent("v1/models"))
        #expect(String(decoding: models, as: UTF8.self).contains("scripted"))
        #expect(server.remainingSteps == 0)
        #expect(server.mismatches.isEmpty)
    }
}

@Suite("Model settings")
struct ModelSettingsTests {
    @Test("environment variables override the configuration, and the key never shows")
    func overrides() throws {
        let settings = try ModelSettings.resolve(
            config: ["provider": "openai", "base_url": "http://127.0.0.1:9", "model": "from-config", "api_key_env": "MY_KEY",
                     "timeout_seconds": "5", "max_retries": "1", "context_window": "2048", "input_cost_per_million": "1.5",
                     "structured_output": "json_object"],
            environment: ["HEALER_LLM_PROVIDER": "anthropic", "HEALER_LLM_BASE_URL": "http://127.0.0.1:8080", "HEALER_LLM_MODEL": "from-env",
                          "MY_KEY": "sk-secret-value-1234567890"])
        #expect(settings.provider == .anthropic)
        #expect(settings.baseURL.absoluteString == "http://127.0.0.1:8080")
        #expect(settings.model == "from-env")
        #expect(settings.apiKey == "sk-secret-value-1234567890")
        #expect(settings.timeoutSeconds == 5)
        #expect(settings.maxRetries == 1)
        #expect(settings.contextWindow == 2048)
        #expect(settings.pricing.inputPerMillion == 1.5)
        #expect(settings.structuredOutput == .jsonObject)
        #expect(!settings.description.contains("sk-secret"))
        #expect(settings.description.contains("MY_KEY"))
        #expect(settings.makeClient() is AnthropicClient)

        let direct = try ModelSettings.resolve(config: ["model": "m"], environment: ["HEALER_LLM_API_KEY": "k1234567890"])
        #expect(direct.provider == .openai)
        #expect(direct.apiKey == "k1234567890")
        #expect(direct.makeClient() is OpenAIClient)
    }

    @Test("bad settings give one-line errors that say how to fix them")
    func errors() {
        #expect(throws: AgentError.self) { try ModelSettings.resolve(config: ["modle": "x"], environment: [:]) }
        #expect(throws: AgentError.self) { try ModelSettings.resolve(config: ["model": "x", "provider": "gemini"], environment: [:]) }
        #expect(throws: AgentError.self) { try ModelSettings.resolve(config: ["model": "x", "base_url": "ftp://x"], environment: [:]) }
        #expect(throws: AgentError.self) { try ModelSettings.resolve(config: ["model": "x", "max_retries": "many"], environment: [:]) }
        do {
            _ = try ModelSettings.resolve(config: [:], environment: [:])
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("HEALER_LLM_MODEL"))
        }
    }
}
