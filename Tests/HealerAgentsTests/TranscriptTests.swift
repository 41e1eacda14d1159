// Transcripts: what is recorded, and replaying a run with no model.
import Foundation
import HealerAgents
import HealerState
import HealerTestSupport
import Testing

private let chunk = RetrievedChunk(id: "c1", path: "Sources/App/Parser.swift", text: "func parse(_ s: String) -> Int { 0 }")
private let planJSON = #"{"steps":["Make parse read digits"],"rationale":"it returns 0","affected_paths":["Sources/App/Parser.swift"]}"#

@Suite("Transcripts and replay")
struct TranscriptTests {
    /// Records a Request-Planner run against the scripted server.
    private func record() async throws -> (Plan, [TranscriptEntry]) {
        try await withScriptedServer([
            toolStep("rag_grep_like", #"{"regex":"parse"}"#),
            .init(reply: .status(503, "warming up")),
            textStep("not json"),
            textStep(planJSON),
        ]) { url, _ in
            let session = scriptedSession(url, retries: 1)
            let context = AgentContext(session: session, retriever: FixedRetriever(chunks: [chunk]))
            let plan = try await RequestPlanner(context: context).plan(request: "parse numbers")
            return (plan, await session.transcript)
        }
    }

    @Test("every call is recorded with tokens, latency and cost, and survives encoding")
    func recorded() async throws {
        let (_, entries) = try await record()
        #expect(entries.count == 3)
        #expect(entries.map(\.sequence) == [1, 2, 3])
        #expect(entries.allSatisfy { $0.role == .requestPlanner && $0.provider == "openai" && $0.model == "scripted-model" })
        #expect(entries[0].response?.toolCalls.first?.name == "rag_grep_like")
        #expect(entries[1].response?.text == "not json")
        #expect(entries.allSatisfy { $0.usage.totalTokens > 0 && $0.latencySeconds > 0 })
        #expect(entries[2].request.messages.map(\.role) == [.system, .user, .assistant, .tool, .assistant, .user])
        let decoded = try TranscriptEntry.decode(TranscriptEntry.encode(entries))
        #expect(decoded == entries)
        #expect(throws: AgentError.self) { try TranscriptEntry.decode(Data("{nope}\n".utf8)) }
    }

    @Test("ReplayClient reproduces the run without the server")
    func replay() async throws {
        let (plan, entries) = try await record()
        let replay = ReplayClient(entries: try TranscriptEntry.decode(TranscriptEntry.encode(entries)))
        let session = ModelSession(client: replay, redactor: Redactor(environment: [:]))
        let context = AgentContext(session: session, retriever: FixedRetriever(chunks: [chunk]))
        let replayed = try await RequestPlanner(context: context).plan(request: "parse numbers")
        #expect(replayed == plan)
        #expect(await replay.isFinished)
        #expect(await session.transcript.allSatisfy { $0.provider == "replay" })
    }

    @Test("a replay that asks something else stops with the difference")
    func diverged() async throws {
        let (_, entries) = try await record()
        let session = ModelSession(client: ReplayClient(entries: entries), redactor: Redactor(environment: [:]))
        let context = AgentContext(session: session, retriever: FixedRetriever(chunks: [chunk]))
        let error = await agentError { _ = try await RequestPlanner(context: context).plan(request: "parse words") }
        #expect(error?.code == .replayDiverged)
        #expect(error?.message.contains("call 1 (request-planner)") == true)
        #expect(error?.message.contains("message 2") == true)
        #expect(error?.message.contains("parse words") == true)
    }

    @Test("recorded failures are thrown again, and an exhausted transcript says so")
    func recordedFailure() async throws {
        let request = ChatRequest(messages: [.user("hi")])
        let failed = TranscriptEntry(sequence: 1, role: .codingAgent, provider: "openai", model: "m", request: request, response: nil,
                                     error: "model server at http://127.0.0.1:1 answered 401: set HEALER_LLM_API_KEY", errorCode: "http-status",
                                     usage: TokenUsage(), costUSD: 0, latencySeconds: 0.1, startedAt: "2026-01-01T00:00:00Z")
        let client = ReplayClient(entries: [failed])
        let first = await agentError { _ = try await client.send(request) }
        #expect(first?.code == .httpStatus)
        #expect(first?.message.contains("401") == true)
        let second = await agentError { _ = try await client.send(request) }
        #expect(second?.code == .replayDiverged)
        #expect(second?.message.contains("ran out") == true)
    }
}
