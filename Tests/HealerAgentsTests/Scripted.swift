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
                      timeout: Double = 30, retries: Int = 2, structuredOutput: ModelSettings.StructuredOutput = .jsonSchema,
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

/// A session over an OpenAI (or Anthropic) client for the scripted server.
func scriptedSession(_ url: URL, provider: ModelSettings.Provider = .openai, budget: BudgetGuard = BudgetGuard(run: .init()),
                     redactor: Redactor = Redactor(environment: [:]), retries: Int = 0) -> ModelSession {
    let settings = scriptedSettings(url, provider: provider, retries: retries)
    return ModelSession(client: settings.makeClient(), settings: settings, redactor: redactor, budget: budget)
}

/// A retriever over fixed chunks: search returns them all, grep filters by substring.
struct FixedRetriever: Retriever {
    var chunks: [RetrievedChunk]
    func similaritySearch(query: String, k: Int) async throws -> [RetrievedChunk] { Array(chunks.prefix(k)) }
    func grepLike(regex: String) async throws -> [RetrievedChunk] { chunks.filter { $0.text.contains(regex) } }
    func snippet(id: String) async throws -> RetrievedChunk? { chunks.first { $0.id == id } }
}

/// A git repository in a temporary directory, made with the git executable.
struct ScratchRepository: Sendable {
    let path: String

    /// Makes the repository on a thread of its own (waiting for git must not hold a concurrency thread).
    static func make(files: [String: String]) async throws -> ScratchRepository {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try ScratchRepository(files: files) }) }.start()
        }
    }

    init(files: [String: String]) throws {
        path = NSTemporaryDirectory() + "healer-agents-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try git("init", "-q", "-b", "main")
        try git("config", "user.email", "t@example.com")
        try git("config", "user.name", "Test")
        for (name, content) in files {
            let url = URL(fileURLWithPath: path).appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try content.write(to: url, atomically: true, encoding: .utf8)
        }
        try git("add", "-A")
        try git("commit", "-q", "-m", "initial")
    }

    func git(_ arguments: String...) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", path] + arguments
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 { throw ToolFailure("git \(arguments) failed") }
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// A shell runner over `/bin/sh -c` in a directory (tests only: no sandbox).
struct DirectoryShell: ShellRunner {
    var directory: String
    func exec(_ command: String, timeoutSeconds: Double) async throws -> ShellResult {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result {
                    let process = Process()
                    let pipe = Pipe()
                    process.executableURL = URL(fileURLWithPath: "/bin/sh")
                    process.arguments = ["-c", command]
                    process.currentDirectoryURL = URL(fileURLWithPath: directory)
                    process.standardOutput = pipe
                    process.standardError = pipe
                    try process.run()
                    let output = pipe.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    return ShellResult(exitCode: process.terminationStatus, output: String(decoding: output, as: UTF8.self))
                })
            }.start()
        }
    }
}
