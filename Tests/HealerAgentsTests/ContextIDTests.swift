// Context the roles get: empty chunks never enter a prompt; an id that resolves to nothing is a tool error.
import Foundation
import HealerAgents
import HealerState
import HealerTestSupport
import Testing

/// A retriever whose snippets fail the way the RAG index fails: with an error that says why.
private struct RefusingRetriever: Retriever {
    struct Refusal: Error, CustomStringConvertible { var description: String }
    let chunks: [RetrievedChunk]
    func similaritySearch(query: String, k: Int) async throws -> [RetrievedChunk] { Array(chunks.prefix(k)) }
    func grepLike(regex: String) async throws -> [RetrievedChunk] { [] }
    func snippet(id: String) async throws -> RetrievedChunk? {
        if let chunk = chunks.first(where: { $0.id == id }) { return chunk }
        throw Refusal(description: "'\(id)' is not a file in the indexed revision")
    }
}

@Suite("Context ids in the roles")
struct RoleContextIDTests {
    private let chunks = [
        RetrievedChunk(id: "empty.py", path: "empty.py", text: ""),
        RetrievedChunk(id: "calc.py:1-2", path: "calc.py", startLine: 1, endLine: 2, text: "def add(a, b):\n    return a + b"),
    ]

    @Test("an empty chunk is left out of the pre-pulled context; a bad rag_snippet id is a tool error that shows the id forms")
    func codePlanner() async throws {
        let tasks = #"{"tasks":[{"id":"t1","patch_goal":"a","dependencies":[],"context_blobs":["calc.py:1-2"]}]}"#
        try await withScriptedServer([
            toolStep("rag_snippet", #"{"id":"calc.py:40-41"}"#, expect: .init(systemContains: "Code-Planner", bodyContains: "[calc.py:1-2]")),
            textStep(tasks, expect: .init(lastMessageContains: "ids look like")),
        ]) { url, server in
            let context = AgentContext(session: scriptedSession(url), retriever: RefusingRetriever(chunks: chunks))
            let plan = Plan(steps: ["add multiply"], rationale: "r", affectedPaths: ["calc.py"])
            _ = try await CodePlanner(context: context).tasks(request: "multiply", plan: plan)
            #expect(server.mismatches.isEmpty, "\(server.mismatches)")
            #expect(!(server.bodies.first ?? "").contains("[empty.py]"), "an empty chunk is not context")
            #expect(server.bodies.last?.contains("calc.py:40-41' is not a file") == true)
        }
    }

    @Test("the Coding-Agent gets the context ids that resolve, and a list of those that did not")
    func codingAgent() async throws {
        try await withScriptedServer([
            textStep(#"{"summary":"s","patch":"","files":[{"path":"b.txt","content":"b\n"}],"deletions":[]}"#,
                     expect: .init(systemContains: "Coding-Agent", lastMessageContains: "could not be resolved")),
        ]) { url, server in
            let context = AgentContext(session: scriptedSession(url), retriever: RefusingRetriever(chunks: chunks))
            let task = CodingTask(id: "t1", patchGoal: "add b", contextBlobs: ["calc.py:1-2", "empty.py", "nope.py:3"])
            _ = try await CodingAgent(context: context).code(task: task, request: "b")
            #expect(server.mismatches.isEmpty, "\(server.mismatches)")
            let body = try #require(server.bodies.first)
            #expect(body.contains("[calc.py:1-2]") && body.contains("return a + b"))
            #expect(body.contains("- nope.py:3: 'nope.py:3' is not a file") && body.contains("- empty.py: 'empty.py' is empty"))
            #expect(!body.contains("[empty.py]"))
        }
    }
}
