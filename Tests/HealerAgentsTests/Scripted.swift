// Shared helpers: a scripted model server per test and settings that point at it.
import Foundation
import HealerAgents
import HealerTestSupport
import Testing

/// Runs `body` with a started scripted server, stopping it afterwards.
func withScriptedServer<T>(_ steps: [ModelScenario.Step], _ body: (URL, ScriptedModelServer) async throws -> T) async throws -> T {
    let server = ScriptedModelServer(ModelScenario(steps: steps))
    let url = try server.start()
    defer { server.stop() }
    return try await body(url, server)
}

/// Settings for a scripted server with fast retries.
func scriptedSettings(_ url: URL, provider: ModelSettings.Provider = .openai, apiKey: String? = "test-key-123",
                      timeout: Double = 10, retries: Int = 2, structuredOutput: ModelSettings.StructuredOutput = .jsonSchema,
                      contextWindow: Int = 32_000, pricing: ModelSettings.Pricing = .init()) -> ModelSettings {
    ModelSettings(provider: provider, baseURL: url, model: "scripted-model", apiKey: apiKey, timeoutSeconds: timeout, maxRetries: retries,
                  retryBaseDelaySeconds: 0.01, retryMaxDelaySeconds: 5, contextWindow: contextWindow, pricing: pricing,
                  structuredOutput: structuredOutput)
}

/// A step that answers with text.
func textStep(_ text: String, expect: ModelScenario.Expectation? = nil) -> ModelScenario.Step {
    ModelScenario.Step(expect: expect, reply: .text(text))
}

/// A step that answers with one tool call.
func toolStep(_ name: String, _ arguments: String, expect: ModelScenario.Expectation? = nil) -> ModelScenario.Step {
    ModelScenario.Step(expect: expect, reply: .tool(name, arguments))
}

/// Parses a recorded body.
func json(_ body: String) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
}

/// The ``AgentError`` that `body` throws, or `nil` (recording an issue) when it throws nothing or something else.
func agentError(_ body: () async throws -> Void) async -> AgentError? {
    do {
        try await body()
        Issue.record("expected an AgentError, got success")
        return nil
    } catch let error as AgentError {
        return error
    } catch {
        Issue.record("expected an AgentError, got \(error)")
        return nil
    }
}
