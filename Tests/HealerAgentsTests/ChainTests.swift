// All five roles in a row on one session, then the whole chain replayed with no server.
import Foundation
import HealerAgents
import HealerGit
import HealerState
import HealerTestSupport
import Testing

@Suite("Role chain")
struct ChainTests {
    private let files = [
        "Sources/App/Parser.swift": "func parse(_ s: String) -> Int { 0 }\n",
        "Tests/AppTests/ParserTests.swift": "import Testing\n@Test func parsesZero() {\n    #expect(parse(\"0\") == 0)\n}\n",
    ]
    private let patch = """
        diff --git a/Sources/App/Parser.swift b/Sources/App/Parser.swift
        --- a/Sources/App/Parser.swift
        +++ b/Sources/App/Parser.swift
        @@ -1 +1 @@
        -func parse(_ s: String) -> Int { 0 }
        +func parse(_ s: String) -> Int { Int(s) ?? 0 }

        """

    private func steps(tests: String) -> [ModelScenario.Step] {
        let edits: JSONValue = ["summary": "parse digits", "patch": .string(patch), "files": [], "deletions": []]
        let testEdits: JSONValue = ["summary": "test digits", "patch": "", "files": [["path": "Tests/AppTests/ParserTests.swift", "content": .string(tests)]], "deletions": []]
        return [
            textStep(#"{"steps":["Make parse read digits"],"rationale":"it returns 0","affected_paths":["Sources/App/Parser.swift"]}"#,
                     expect: .init(systemContains: "Request-Planner")),
            textStep(#"{"tasks":[{"id":"t1","patch_goal":"Make parse read digits","dependencies":[],"context_blobs":[]}]}"#,
                     expect: .init(systemContains: "Code-Planner")),
            toolStep("read_file", #"{"path":"Sources/App/Parser.swift"}"#, expect: .init(systemContains: "Coding-Agent")),
            textStep(edits.jsonText, expect: .init(toolResultContains: "{ 0 }")),
            textStep(#"{"cases":[{"name":"parsesDigits","behaviour":"parse(\"42\") is 42","file":"Tests/AppTests/ParserTests.swift"}],"coverage_targets":["parse"]}"#,
                     expect: .init(systemContains: "Test-Planner", bodyContains: "Int(s) ?? 0")),
            textStep(testEdits.jsonText, expect: .init(systemContains: "Test-Builder")),
        ]
    }

    /// Runs the chain; the repository gets the coding commit between the roles, as the pipeline does
    /// (a replay makes that commit again, with another id, so prompts must not depend on commit ids).
    private func chain(session: ModelSession, repository: ScratchRepository) async throws -> (Plan, [CodingTask], EditSet, TestSpec, EditSet) {
        let base = try Repository.open(at: repository.path).resolve("HEAD").hex
        var context = AgentContext(session: session, workspace: GitWorkspace(repositoryPath: repository.path, revision: base, base: base))
        let request = "parse should read numbers"
        let plan = try await RequestPlanner(context: context).plan(request: request)
        let tasks = try await CodePlanner(context: context).tasks(request: request, plan: plan)
        let edits = try await CodingAgent(context: context).code(task: tasks[0], request: request, plan: plan)
        let git = try Repository.open(at: repository.path)
        let (tree, _) = try git.applyPatch(edits.patch ?? "", toTreeOf: try git.resolve(base))
        let head = try git.createCommit(tree: tree, parents: [try git.resolve(base)], message: edits.summary)
        context.workspace = GitWorkspace(repositoryPath: repository.path, revision: head.hex, base: base)
        let diff = try git.diff(from: base, to: head.hex).patch
        let spec = try await TestPlanner(context: context).plan(request: request, plan: plan,
                                                                build: BuildResult(sha: head.hex, status: .green), diff: diff)
        let tests = try await TestBuilder(context: context).build(spec: spec, request: request)
        return (plan, tasks, edits, spec, tests)
    }

    @Test("plan, tasks, code, test plan and tests on one session; the transcript replays the chain")
    func chainAndReplay() async throws {
        let repository = try await ScratchRepository.make(files: files)
        defer { repository.remove() }
        let tests = files["Tests/AppTests/ParserTests.swift", default: ""] + "@Test func parsesDigits() {\n    #expect(parse(\"42\") == 42)\n}\n"
        let (recorded, entries) = try await withScriptedServer(steps(tests: tests)) { url, server in
            let session = scriptedSession(url, budget: BudgetGuard(run: .init(maxTokens: 200_000)))
            let result = try await chain(session: session, repository: repository)
            #expect(server.mismatches.isEmpty, "\(server.mismatches)")
            #expect(server.remainingSteps == 0)
            return (result, await session.transcript)
        }
        #expect(recorded.1.map(\.id) == ["t1"])
        #expect(recorded.3.cases.map(\.name) == ["parsesDigits"])
        #expect(recorded.4.writes.first?.content == tests)
        #expect(entries.map(\.role) == [.requestPlanner, .codePlanner, .codingAgent, .codingAgent, .testPlanner, .testBuilder])

        let replay = ReplayClient(entries: try TranscriptEntry.decode(TranscriptEntry.encode(entries)))
        try await Task.sleep(nanoseconds: 1_100_000_000)  // a later second: the replayed commit gets another id
        let replayed = try await chain(session: ModelSession(client: replay, redactor: Redactor(environment: [:])), repository: repository)
        #expect(replayed.0 == recorded.0)
        #expect(replayed.1 == recorded.1)
        #expect(replayed.2 == recorded.2)
        #expect(replayed.3 == recorded.3)
        #expect(replayed.4 == recorded.4)
        #expect(await replay.isFinished)
    }
}
