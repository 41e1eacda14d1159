// The five roles against the scripted server, with a real git repository behind the tools.
import Foundation
import HealerAgents
import HealerGit
import HealerState
import HealerTestSupport
import Testing

private let parserChunk = RetrievedChunk(id: "c1", path: "Sources/App/Parser.swift", startLine: 1, endLine: 1, symbol: "parse",
                                         text: "func parse(_ s: String) -> Int { 0 }")

private let repositoryFiles = [
    "Sources/App/Parser.swift": "func parse(_ s: String) -> Int { 0 }\n",
    "Tests/AppTests/ParserTests.swift": "import Testing\n@Test func parsesOne() {\n    #expect(parse(\"1\") == 1)\n}\n",
    ".github/workflows/ci.yml": "on: push\n",
]

private let goodPatch = """
    diff --git a/Sources/App/Parser.swift b/Sources/App/Parser.swift
    --- a/Sources/App/Parser.swift
    +++ b/Sources/App/Parser.swift
    @@ -1 +1 @@
    -func parse(_ s: String) -> Int { 0 }
    +func parse(_ s: String) -> Int { Int(s) ?? 0 }

    """

private func edits(summary: String = "change", patch: String = "", files: [(String, String)] = [], deletions: [String] = []) -> String {
    let value: JSONValue = .object([
        "summary": .string(summary), "patch": .string(patch),
        "files": .array(files.map { ["path": .string($0.0), "content": .string($0.1)] }),
        "deletions": .array(deletions.map { .string($0) }),
    ])
    return value.jsonText
}

private func context(_ url: URL, repository: ScratchRepository? = nil, repairRounds: Int = 2) -> AgentContext {
    let workspace = repository.map { GitWorkspace(repositoryPath: $0.path, revision: "HEAD", base: "HEAD") }
    return AgentContext(session: scriptedSession(url), retriever: FixedRetriever(chunks: [parserChunk]), workspace: workspace,
                        loop: AgentLoop.Configuration(repairRounds: repairRounds))
}

@Suite("Roles")
struct RoleTests {
    @Test("Request-Planner: pre-pulled context, a RAG tool call, a repaired path, a Plan")
    func requestPlanner() async throws {
        let badPlan = #"{"steps":["Parse digits"],"rationale":"r","affected_paths":[".git/config"]}"#
        let goodPlan = #"{"steps":["Make parse read digits","Test it"],"rationale":"parse returns 0","affected_paths":["Sources/App/Parser.swift"]}"#
        try await withScriptedServer([
            toolStep("rag_grep_like", #"{"regex":"parse"}"#, expect: .init(systemContains: "Request-Planner", bodyContains: "Parser.swift:1-1")),
            textStep(badPlan, expect: .init(toolResultContains: "func parse")),
            textStep(goodPlan, expect: .init(lastMessageContains: "inside .git/")),
        ]) { url, server in
            let plan = try await RequestPlanner(context: context(url)).plan(request: "parse should read numbers")
            #expect(plan == Plan(steps: ["Make parse read digits", "Test it"], rationale: "parse returns 0", affectedPaths: ["Sources/App/Parser.swift"]))
            #expect(server.mismatches.isEmpty, "\(server.mismatches)")
            let tools = (json(server.bodies[0])["tools"] as? [[String: Any]] ?? []).compactMap { ($0["function"] as? [String: Any])?["name"] as? String }
            #expect(tools == ["rag_similarity_search", "rag_grep_like", "rag_snippet", "submit"])
            #expect(json(server.bodies[0])["max_tokens"] as? Int == 1024, "a plan is small: the planner's replies are capped below the Coding-Agent's")
        }
    }

    @Test("Code-Planner: a dependency that names no task is pointed out once; repeated, it is dropped")
    func codePlannerUnknownDependency() async throws {
        let stubborn = #"{"tasks":[{"id":"t1","patch_goal":"a","dependencies":["src/api.js","t1"],"context_blobs":[]}]}"#
        try await withScriptedServer([
            textStep(stubborn, expect: .init(systemContains: "Code-Planner")),
            textStep(stubborn, expect: .init(lastMessageContains: "not another task's id")),
        ]) { url, server in
            let plan = Plan(steps: ["Change parse"], rationale: "r", affectedPaths: [])
            let tasks = try await CodePlanner(context: context(url)).tasks(request: "parse numbers", plan: plan)
            #expect(tasks == [CodingTask(id: "t1", patchGoal: "a")])
            #expect(server.mismatches.isEmpty, "\(server.mismatches)")
            #expect(server.remainingSteps == 0)
        }
    }

    @Test("Code-Planner: context_blobs that resolve to nothing are sent back once with the reason; kept, they are dropped")
    func codePlannerUnresolvedContext() async throws {
        let answer = #"{"tasks":[{"id":"t1","patch_goal":"a","dependencies":[],"context_blobs":["c1","Sources/App/Nope.swift:1-9"]}]}"#
        try await withScriptedServer([
            textStep(answer, expect: .init(systemContains: "Code-Planner")),
            textStep(answer, expect: .init(lastMessageContains: "task 't1': no chunk 'Sources/App/Nope.swift:1-9'")),
        ]) { url, server in
            let plan = Plan(steps: ["Change parse"], rationale: "r", affectedPaths: [])
            let tasks = try await CodePlanner(context: context(url)).tasks(request: "parse numbers", plan: plan)
            #expect(tasks == [CodingTask(id: "t1", patchGoal: "a", contextBlobs: ["c1"])])
            #expect(server.mismatches.isEmpty, "\(server.mismatches)")
            #expect(server.remainingSteps == 0)
        }
    }

    @Test("Code-Planner: a dependency cycle is repaired; tasks come back typed")
    func codePlanner() async throws {
        let cyclic = #"{"tasks":[{"id":"t1","patch_goal":"a","dependencies":["t2"],"context_blobs":[]},{"id":"t2","patch_goal":"b","dependencies":["t1"],"context_blobs":[]}]}"#
        let good = #"{"tasks":[{"id":"t1","patch_goal":"Change parse","dependencies":[],"context_blobs":["c1"]},{"id":"t2","patch_goal":"Use it","dependencies":["t1"],"context_blobs":[]}]}"#
        try await withScriptedServer([
            textStep(cyclic, expect: .init(systemContains: "Code-Planner", bodyContains: "[c1]")),
            textStep(good, expect: .init(lastMessageContains: "cycle")),
        ]) { url, server in
            let plan = Plan(steps: ["Change parse"], rationale: "r", affectedPaths: ["Sources/App/Parser.swift"])
            let tasks = try await CodePlanner(context: context(url)).tasks(request: "parse numbers", plan: plan)
            #expect(tasks == [CodingTask(id: "t1", patchGoal: "Change parse", contextBlobs: ["c1"]),
                              CodingTask(id: "t2", patchGoal: "Use it", dependencies: ["t1"])])
            #expect(server.mismatches.isEmpty, "\(server.mismatches)")
        }
    }

    @Test("Coding-Agent: a task whose context ids resolve to nothing gets the planners' pull for its goal, not an empty prompt")
    func codingAgentWithoutResolvableContext() async throws {
        let repository = try await ScratchRepository.make(files: repositoryFiles)
        defer { repository.remove() }
        try await withScriptedServer([
            textStep(edits(summary: "parse digits", patch: goodPatch),
                     expect: .init(systemContains: "Coding-Agent", bodyContains: "Parser.swift:1-1")),
        ]) { url, server in
            let task = CodingTask(id: "t1", patchGoal: "Make parse read digits", contextBlobs: ["nowhere.swift:1-3"])
            _ = try await CodingAgent(context: context(url, repository: repository)).code(task: task, request: "parse numbers")
            #expect(server.mismatches.isEmpty, "\(server.mismatches)")
            let prompt = server.bodies.first ?? ""
            #expect(prompt.contains("Context ids that could not be resolved") && prompt.contains("nowhere.swift:1-3"), "the bad id is still named")
        }
    }

    @Test("Coding-Agent: edits that leave every file as it is, or delete a file that does not exist, are sent back, not committed as done work")
    func codingAgentNoChange() async throws {
        let repository = try await ScratchRepository.make(files: repositoryFiles)
        defer { repository.remove() }
        let unchanged = edits(files: [("Sources/App/Parser.swift", "func parse(_ s: String) -> Int { 0 }\n")])
        try await withScriptedServer([
            textStep(unchanged, expect: .init(systemContains: "Coding-Agent")),
            textStep(edits(deletions: ["items"]), expect: .init(lastMessageContains: "the edits change nothing")),
            textStep(edits(summary: "parse digits", patch: goodPatch), expect: .init(lastMessageContains: "'items' is not a file in the repository")),
        ]) { url, server in
            let task = CodingTask(id: "t1", patchGoal: "Make parse read digits", contextBlobs: ["c1"])
            let result = try await CodingAgent(context: context(url, repository: repository, repairRounds: 3)).code(task: task, request: "parse numbers")
            #expect(result.patch == goodPatch)
            #expect(server.mismatches.isEmpty, "\(server.mismatches)")
            #expect(server.remainingSteps == 0)
        }
    }

    @Test("Coding-Agent: feedback in the prompt; bad patch, .git edit and deleted test are repaired; the final patch applies")
    func codingAgent() async throws {
        let repository = try await ScratchRepository.make(files: repositoryFiles)
        defer { repository.remove() }
        let stalePatch = goodPatch.replacingOccurrences(of: "{ 0 }\n+", with: "{ 1 }\n+")
        try await withScriptedServer([
            toolStep("read_file", #"{"path":"Sources/App/Parser.swift"}"#, expect: .init(systemContains: "Coding-Agent", bodyContains: "ParserTests.parsesOne")),
            toolStep("apply_patch", JSONValue.object(["patch": .string(goodPatch)]).jsonText, expect: .init(toolResultContains: "func parse")),
            textStep(edits(patch: stalePatch), expect: .init(toolResultContains: "applies cleanly")),
            textStep(edits(files: [(".git/config", "[core]")]), expect: .init(lastMessageContains: "does not apply")),
            textStep(edits(deletions: ["Tests/AppTests/ParserTests.swift"]), expect: .init(lastMessageContains: ".git")),
            textStep(edits(summary: "parse digits", patch: goodPatch), expect: .init(lastMessageContains: "weaken the tests")),
        ]) { url, server in
            let feedback = BuildFeedback(result: BuildResult(sha: "abc", status: .red, failingTests: ["ParserTests.parsesOne"]),
                                         log: "Compiling\nerror: expectation failed: parse(\"1\") == 1\n", attempt: 1)
            let task = CodingTask(id: "t1", patchGoal: "Make parse read digits", contextBlobs: ["c1"])
            let result = try await CodingAgent(context: context(url, repository: repository, repairRounds: 3))
                .code(task: task, request: "parse numbers", feedback: feedback)
            #expect(result.summary == "parse digits")
            #expect(result.patch == goodPatch)
            #expect(result.paths == ["Sources/App/Parser.swift"])
            #expect(server.mismatches.isEmpty, "\(server.mismatches)")
            #expect(json(server.bodies[0])["max_tokens"] as? Int == 4096, "the Coding-Agent keeps the configured reply allowance")
            let applied = try Repository.open(at: repository.path).applyPatch(goodPatch)
            #expect(applied == ["Sources/App/Parser.swift"])
        }
    }

    @Test("Coding-Agent: edits that keep touching CI config fail with editRejected")
    func codingAgentRefused() async throws {
        let repository = try await ScratchRepository.make(files: repositoryFiles)
        defer { repository.remove() }
        try await withScriptedServer([.init(reply: .text(edits(files: [(".github/workflows/ci.yml", "on: never\n")])), times: 0)]) { url, server in
            let error = await agentError {
                _ = try await CodingAgent(context: context(url, repository: repository)).code(task: CodingTask(id: "t1", patchGoal: "g"), request: "r")
            }
            #expect(error?.code == .editRejected)
            #expect(error?.message.contains("protected path '.github'") == true)
            #expect(server.requests.count == 3)
        }
    }

    @Test("Test-Planner: a TestSpec from the build and the diff")
    func testPlanner() async throws {
        let spec = #"{"cases":[{"name":"parsesDigits","behaviour":"parse reads digits","file":"Tests/AppTests/ParserTests.swift"},{"name":"x","behaviour":"y","file":""}],"coverage_targets":["Sources/App/Parser.swift"]}"#
        try await withScriptedServer([textStep(spec, expect: .init(systemContains: "Test-Planner", bodyContains: "line coverage 42.5%"))]) { url, server in
            let build = BuildResult(sha: "0123456789abcdef", status: .green, testCounts: .init(passed: 3), coverage: 42.5)
            let result = try await TestPlanner(context: context(url)).plan(request: "r", build: build, diff: goodPatch)
            #expect(result == TestSpec(cases: [.init(name: "parsesDigits", behaviour: "parse reads digits", file: "Tests/AppTests/ParserTests.swift"),
                                               .init(name: "x", behaviour: "y")], coverageTargets: ["Sources/App/Parser.swift"]))
            #expect(server.mismatches.isEmpty, "\(server.mismatches)")
            #expect(server.bodies[0].contains("Int(s) ?? 0"))
        }
    }

    @Test("Test-Builder: a non-test path is repaired; an added test passes the integrity check")
    func testBuilder() async throws {
        let repository = try await ScratchRepository.make(files: repositoryFiles)
        defer { repository.remove() }
        let extended = repositoryFiles["Tests/AppTests/ParserTests.swift", default: ""] + "@Test func parsesTwo() {\n    #expect(parse(\"2\") == 2)\n}\n"
        let weakened = "import Testing\n@Test(.disabled()) func parsesOne() {\n    #expect(parse(\"1\") == 1)\n}\n"
        try await withScriptedServer([
            textStep(edits(files: [("Sources/App/Parser.swift", "// tests\n")]), expect: .init(systemContains: "Test-Builder", bodyContains: "parsesTwo")),
            textStep(edits(files: [("Tests/AppTests/ParserTests.swift", weakened)]), expect: .init(lastMessageContains: "not a test file")),
            textStep(edits(summary: "add parsesTwo", files: [("Tests/AppTests/ParserTests.swift", extended)]), expect: .init(lastMessageContains: "added-skip")),
        ]) { url, server in
            let spec = TestSpec(cases: [.init(name: "parsesTwo", behaviour: "parse reads 2", file: "Tests/AppTests/ParserTests.swift")])
            let result = try await TestBuilder(context: context(url, repository: repository, repairRounds: 2)).build(spec: spec, request: "r")
            #expect(result.writes == [.init(path: "Tests/AppTests/ParserTests.swift", content: extended)])
            #expect(server.mismatches.isEmpty, "\(server.mismatches)")
        }
    }

    @Test("roles work through the Anthropic client too")
    func anthropicRole() async throws {
        let plan = #"{"steps":["a"],"rationale":"b","affected_paths":[]}"#
        try await withScriptedServer([
            toolStep("rag_snippet", #"{"id":"c1"}"#),
            textStep(plan, expect: .init(toolResultContains: "func parse")),
        ]) { url, server in
            var context = context(url)
            context.session = scriptedSession(url, provider: .anthropic)
            let result = try await RequestPlanner(context: context).plan(request: "r")
            #expect(result.steps == ["a"])
            #expect(server.requests.allSatisfy { $0.path == "/v1/messages" })
            #expect(server.mismatches.isEmpty, "\(server.mismatches)")
        }
    }

    @Test("BuildFeedback keeps error lines and the tail of a long log")
    func feedbackExcerpt() {
        let log = (1...300).map { $0 == 50 ? "error: boom at line 50" : "line \($0)" }.joined(separator: "\n")
        let feedback = BuildFeedback(result: BuildResult(sha: "s", status: .red), log: log, maxLines: 20)
        #expect(feedback.logExcerpt.contains("error: boom at line 50"))
        #expect(feedback.logExcerpt.contains("line 300"))
        #expect(!feedback.logExcerpt.contains("line 100\n"))
    }
}
