import Foundation
import HealerGit
import HealerState
import HealerTestSupport
import Testing

/// A fixture project, a scripted model server and the environment that points healer at it.
private struct Setup {
    let tmp = TemporaryDirectory()
    let repo: GitFixture
    let server: ScriptedModelServer
    let environment: [String: String]

    init(_ replies: [ModelScenario.Reply], extraFiles: [String: String] = [:], budget: String = "") throws {
        var files = ["calc.py": calc, "test_calc.py": calcTest, ".healer.yml": "test: python3 -m unittest -q\n" + budget, ".gitignore": "__pycache__/\n"]
        for (key, value) in extraFiles { files[key] = value }
        repo = GitFixture.make(in: tmp, files: files)
        server = ScriptedModelServer(ModelScenario(steps: replies.map { ModelScenario.Step(reply: $0) }))
        let url = try server.start()
        environment = ["HEALER_LLM_PROVIDER": "openai", "HEALER_LLM_BASE_URL": url.absoluteString, "HEALER_LLM_MODEL": "scripted",
                       "HEALER_LLM_API_KEY": "sk-test-not-a-real-key-000000000000"]
    }

    func healer(_ arguments: [String]) -> ProcessOutput {
        HealerBinary.run(arguments, in: repo.path, environment: environment)
    }

    func run(_ id: String) throws -> Run {
        try JSONDecoder().decode(Run.self, from: Data(HealerBinary.run(["show", id, "--json"], in: repo.path).stdout.utf8))
    }

    func finish() {
        server.stop()
        tmp.remove()
    }
}

@Suite("The agent loop against a scripted OpenAI-compatible server", .serialized)
struct AgentLoopTests {
    @Test("healer run goes from requested to done with a code commit and a test commit whose tests pass")
    func fullLoop() throws {
        let setup = try Setup([.text(plan), .text(oneTask), .text(multiply), .text(testSpec), .text(tests)])
        defer { setup.finish() }
        let trunk = setup.repo.head("main")
        let output = setup.healer(["run", "add a multiply function"])
        #expect(output.status == 0, "\(output.stderr)")
        let id = output.trimmed
        let run = try setup.run(id)
        #expect(run.stage == .done, "\(run.failure?.reason ?? "")")
        let stages = run.history.map(\.to.rawValue)
        for stage in ["planned", "tasked", "coded", "built", "tests_planned", "tests_built", "verified", "done"] {
            #expect(stages.contains(stage), "missing \(stage) in \(stages)")
        }
        #expect(run.commits.map(\.role) == [.codingAgent, .testBuilder])
        #expect(setup.repo.git("show", "\(run.branch):test_multiply.py").status == 0)
        #expect(setup.repo.git("log", "--format=%s", "main..\(run.branch)").stdout.split(separator: "\n").count == 2)
        #expect(setup.repo.head("main") == trunk, "the trunk is untouched")
        #expect(setup.repo.status().isEmpty, "the checkout is untouched")
        #expect(run.artifacts.filter { $0.kind == "transcript" }.count == 5)
        #expect(setup.server.remainingSteps == 0)
        let log = HealerBinary.run(["log", id], in: setup.repo.path)
        #expect(log.stdout.contains("tests_built") && log.stdout.contains("delivered"))

        // Replay: the same commits again, from the transcripts, with the server gone.
        setup.server.stop()
        let replay = HealerBinary.run(["replay", id, "--json"], in: setup.repo.path)
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(replay.stdout.contains("\"identical\" : true"))
    }

    @Test("the planners' prompts name the files most likely to change and the related tests, from the index's file ranking")
    func plannersGetRankedFiles() throws {
        let setup = try Setup([.text(plan), .text(oneTask), .text(multiply), .text(testSpec), .text(tests)],
                              extraFiles: ["strings.py": "def shout(text):\n    return text.upper()\n", "docs/usage.md": "Shout with strings.shout.\n"])
        defer { setup.finish() }
        let output = setup.healer(["run", "add a multiply function to calc next to add"])
        #expect(output.status == 0, "\(output.stderr)")
        func userPrompt(_ index: Int) -> String {
            let messages = setup.server.requests[index].json?["messages"] as? [[String: Any]] ?? []
            return messages.compactMap { $0["role"] as? String == "user" ? $0["content"] as? String : nil }.joined(separator: "\n")
        }
        for (index, role) in [(0, "request-planner"), (1, "code-planner")] {
            let prompt = userPrompt(index)
            let files = prompt.components(separatedBy: "## Files most likely to change\n").dropFirst().first ?? ""
            #expect(files.hasPrefix("- calc.py"), "\(role): calc.py is ranked first: \(prompt.prefix(600))")
            let related = prompt.components(separatedBy: "## Related tests and documentation\n").dropFirst().first ?? ""
            #expect(related.contains("test_calc.py"), "\(role): the test file is offered as context")
        }
    }

    @Test("a red first build is repaired from feedback that holds the failed attempt's code, and replays after a later re-index")
    func repairFromFeedback() throws {
        // The task's context is calc.py's whole-file chunk at the base, by its BLOB:ORDINAL id.
        let baseChunk = BlobHash.id(of: Array(calc.utf8)).hex + ":0"
        let task = json(["tasks": [["id": "t1", "patch_goal": "add multiply(a, b) to calc.py", "dependencies": [String](), "context_blobs": [baseChunk]]]])
        let setup = try Setup([.text(plan), .text(task), .text(broken), .text(multiply), .text(testSpec), .text(tests)])
        defer { setup.finish() }
        let output = setup.healer(["run", "add a multiply function"])
        #expect(output.status == 0, "\(output.stderr)")
        let id = output.trimmed
        let run = try setup.run(id)
        #expect(run.stage == .done, "\(run.failure?.reason ?? "")")
        #expect(run.builds.first?.status == .red)
        func userPrompt(_ index: Int) -> String {
            let messages = setup.server.requests[index].json?["messages"] as? [[String: Any]] ?? []
            return messages.compactMap { $0["role"] as? String == "user" ? $0["content"] as? String : nil }.joined(separator: "\n")
        }
        let first = userPrompt(2), repair = userPrompt(3)
        #expect(first.contains("def add(a, b)") && !first.contains("def multiply"), "the first attempt sees the base's calc.py")
        #expect(repair.contains("SyntaxError"), "the repair call carries the failure")
        let context = repair.components(separatedBy: "## Context from the repository\n").dropFirst().first?.components(separatedBy: "\n## ").first ?? ""
        #expect(context.contains("def multiply(a, b)\n"), "the task's context is re-pulled at the branch: the failed attempt's code")
        #expect(repair.contains("+def multiply(a, b)\n"), "the change that was built is in the feedback, as a diff")

        // Later commits are indexed in the shared index; the run still replays to identical trees.
        setup.server.stop()
        setup.repo.commit(files: ["calc.py": calc + "\n\ndef subtract(a, b):\n    return a - b\n", "notes.md": "multiply and add, the calc functions\n"],
                          message: "subtract")
        #expect(HealerBinary.run(["rag", "index"], in: setup.repo.path).status == 0)
        let replay = HealerBinary.run(["replay", id, "--json"], in: setup.repo.path)
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(replay.stdout.contains("\"identical\" : true"), "\(replay.stdout)")
    }

    @Test("a patch that never builds ends in failed after the configured attempts, branch and logs kept")
    func neverBuilds() throws {
        let brokenAgain = edits(["calc.py": calc + "\n\ndef multiply(a, b)\n    return a ** b\n"], summary: "add multiply (still broken)")
        let setup = try Setup([.text(plan), .text(oneTask), .text(broken), .text(brokenAgain)], budget: "limits: { coding: 2 }\n")
        defer { setup.finish() }
        let output = setup.healer(["run", "add a multiply function"])
        #expect(output.status == 1)
        let id = output.trimmed
        let run = try setup.run(id)
        #expect(run.stage == .failed)
        #expect(run.builds.count == 2 && run.builds.allSatisfy { $0.status == .red })
        #expect(setup.repo.git("rev-parse", "--verify", run.branch).status == 0)
        #expect(run.artifacts.contains { $0.kind == "build-log" })
    }

    @Test("a repair that repeats the failed attempt word for word is sent back, never committed as a new attempt")
    func repairThatChangesNothing() throws {
        let setup = try Setup([.text(plan), .text(oneTask), .text(broken), .text(broken), .text(multiply), .text(testSpec), .text(tests)])
        defer { setup.finish() }
        let output = setup.healer(["run", "add a multiply function"])
        #expect(output.status == 0, "\(output.stderr)")
        let run = try setup.run(output.trimmed)
        #expect(run.stage == .done, "\(run.failure?.reason ?? "")")
        #expect(setup.server.bodies.contains { $0.contains("the edits change nothing") }, "the repeated answer was pointed out")
        #expect(run.commits.filter { $0.role == .codingAgent }.count == 2, "the broken attempt and the fix; no empty commit between")
    }

    @Test("two independent coding tasks run in parallel and both commits land")
    func parallelTasks() throws {
        let twoTasks = json(["tasks": [
            ["id": "t1", "patch_goal": "add a.txt", "dependencies": [String](), "context_blobs": [String]()],
            ["id": "t2", "patch_goal": "add b.txt", "dependencies": [String](), "context_blobs": [String]()],
        ]])
        let setup = try Setup([.text(plan), .text(twoTasks), .text(edits(["a.txt": "a\n"])), .text(edits(["b.txt": "b\n"]))])
        defer { setup.finish() }
        let id = setup.healer(["request", "two files"]).trimmed
        let output = setup.healer(["advance", "--run", id, "--until", "coded"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stderr.contains("in parallel"))
        let run = try setup.run(id)
        #expect(run.stage == .coded)
        #expect(Set(run.commits.compactMap(\.task)) == ["t1", "t2"])
        #expect(setup.repo.git("show", "\(run.branch):a.txt").status == 0)
        #expect(setup.repo.git("show", "\(run.branch):b.txt").status == 0)
    }

    @Test("a run on the branch you have checked out: the files follow each commit, your other uncommitted work stays")
    func checkedOutBranch() throws {
        let setup = try Setup([.text(plan), .text(oneTask), .text(multiply)])
        defer { setup.finish() }
        setup.repo.git("checkout", "-q", "-b", "feature/multiply")
        setup.repo.commit(files: ["NOTES.md": "todo\n"], message: "notes")
        _ = FileManager.default.createFile(atPath: setup.repo.path + "/NOTES.md", contents: Data("todo: multiply\n".utf8))
        let id = setup.healer(["label", "feature/multiply", "-m", "add a multiply function"]).trimmed
        let output = setup.healer(["advance", "--run", id, "--until", "coded"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(try setup.run(id).stage == .coded)
        #expect(setup.repo.read("calc.py")?.contains("def multiply") == true, "the checkout has the agent's commit")
        #expect(setup.repo.status() == " M NOTES.md\n", "only the person's own change is uncommitted")
        #expect(setup.repo.read("NOTES.md") == "todo: multiply\n")
    }

    @Test("a run on the branch you have checked out with uncommitted changes to the same file: refused, nothing lost")
    func checkedOutBranchConflict() throws {
        let setup = try Setup([.text(plan), .text(oneTask), .text(multiply), .text(multiply)])
        defer { setup.finish() }
        setup.repo.git("checkout", "-q", "-b", "feature/multiply")
        let head = setup.repo.head()
        let mine = calc + "\n# my own edit\n"
        _ = FileManager.default.createFile(atPath: setup.repo.path + "/calc.py", contents: Data(mine.utf8))
        let id = setup.healer(["label", "feature/multiply", "-m", "add a multiply function"]).trimmed
        let output = setup.healer(["advance", "--run", id, "--until", "coded"])
        #expect(output.status == 2, "\(output.stderr)")
        #expect(output.stderr.contains("uncommitted changes") && output.stderr.contains("stash"))
        #expect(setup.repo.read("calc.py") == mine, "the person's edit is intact")
        #expect(setup.repo.head("feature/multiply") == head, "the branch did not move")
        let stopped = try setup.run(id)
        #expect(stopped.stage == .tasked, "the run is not failed: the step runs again once the work tree allows")
        #expect(stopped.budget.used.tokens > 0, "the calls made are charged")

        setup.repo.git("stash", "-q")
        let again = setup.healer(["advance", "--run", id, "--until", "coded"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try setup.run(id).stage == .coded)
        #expect(setup.repo.read("calc.py")?.contains("def multiply") == true)
    }

    @Test("hostile or broken model output is contained and recorded", arguments: [
        ("invalid JSON", ModelScenario.Reply.text("this is not json {")),
        ("path outside the repository", .text(edits(["../escape.txt": "x"]))),
        ("path in .git", .text(edits([".git/hooks/pre-commit": "rm -rf /"]))),
        ("patch that does not apply", .text(json(["summary": "x", "patch": "--- a/calc.py\n+++ b/calc.py\n@@ -1,2 +1,2 @@\n-def nothing():\n+def other():\n     pass\n", "files": [[String: String]](), "deletions": [String]()]))),
        ("deleted test", .text(json(["summary": "x", "patch": "", "files": [[String: String]](), "deletions": ["test_calc.py"]]))),
        ("skipped test", .text(edits(["test_calc.py": calcTest.replacingOccurrences(of: "    def test_add", with: "    @unittest.skip(\"later\")\n    def test_add")]))),
        ("unknown tool", .tool("format_disk", "{}")),
        ("a 10 MB reply", ModelScenario.Reply(text: "x", padBytes: 10 << 20)),
        ("server error", .status(500, "boom")),
    ])
    func hostileOutput(name: String, reply: ModelScenario.Reply) throws {
        var replies: [ModelScenario.Reply] = [.text(plan), .text(oneTask)]
        replies += Array(repeating: reply, count: 8)
        let setup = try Setup(replies, extraFiles: [".healer.yml": "test: python3 -m unittest -q\nlimits: { coding: 1 }\n"])
        defer { setup.finish() }
        let trunk = setup.repo.head("main")
        let id = setup.healer(["request", "add multiply"]).trimmed
        let output = setup.healer(["advance", "--run", id, "--until", "built"])
        #expect(output.status == 1, "\(name): \(output.stderr)")
        let run = try setup.run(id)
        #expect(run.stage == .failed, "\(name)")
        #expect((run.failure?.reason.count ?? 0) > 10, "\(name): an explained outcome")
        #expect(setup.repo.head("main") == trunk)
        #expect(setup.repo.status().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: setup.tmp.appending("escape.txt")))
        #expect(!FileManager.default.fileExists(atPath: setup.repo.path + "/.git/hooks/pre-commit"))
        // A run that failed before its first commit replays to the same end, with no model.
        setup.server.stop()
        let replay = setup.healer(["replay", id, "--json"])
        #expect(replay.stdout.contains("\"identical\" : true") && replay.stdout.contains("\"stage\" : \"failed\""), "\(name): \(replay.stdout) \(replay.stderr)")
    }

    @Test("a budget smaller than the run needs stops it before the call that would exceed it")
    func budget() throws {
        let setup = try Setup([.text(plan), .text(oneTask)], extraFiles: [".healer.yml": "test: python3 -m unittest -q\nbudget: { maxTokens: 50 }\n"])
        defer { setup.finish() }
        let output = setup.healer(["run", "add multiply"])
        #expect(output.status == 1)
        let run = try setup.run(output.trimmed)
        #expect(run.stage == .failed)
        #expect(run.failure?.reason.lowercased().contains("budget") == true, "\(run.failure?.reason ?? "")")
        #expect(setup.server.requests.isEmpty, "no call was made past the budget")
    }

    @Test("secrets in the tree and the environment never reach the model or a transcript")
    func secrets() throws {
        let token = "ghp_" + String(repeating: "A1b2C3d4", count: 5)
        let fileKey = "sk-live-" + String(repeating: "9f8e7d6c", count: 4)
        let setup = try Setup([.text(plan), .text(oneTask), .text(multiply), .text(testSpec), .text(tests)],
                              extraFiles: ["config/settings.env": "API_KEY=\(fileKey)\n", ".env": "SERVICE_TOKEN=\(fileKey)\n",
                                           "calc.py": calc + "# deploy with \(token)\n"])
        defer { setup.finish() }
        var environment = setup.environment
        environment["GITHUB_TOKEN"] = token
        let output = HealerBinary.run(["run", "add multiply; the key is \(fileKey)"], in: setup.repo.path, environment: environment)
        let id = output.trimmed
        for body in setup.server.bodies {
            #expect(!body.contains(token))
            #expect(!body.contains(fileKey))
        }
        let run = try setup.run(id)
        for artifact in run.artifacts where artifact.kind == "transcript" {
            let text = setup.repo.git("cat-file", "-p", artifact.blob).stdout
            #expect(!text.contains(token) && !text.contains(fileKey))
        }
        #expect(!setup.server.bodies.isEmpty)
    }
}
