// Context ids through the binary: healer rag snippet, and the agents' rag_snippet and context_blobs in a run.
import Foundation
import HealerTestSupport
import Testing

@Suite("Context ids: path:start-end, grep's path:line and a path resolve; what does not resolve is said", .serialized)
struct ContextIDTests {
    private static let files = ["calc.py": calc, "test_calc.py": calcTest, "empty.py": "", ".healer.yml": "test: python3 -m unittest -q\n",
                                ".gitignore": "__pycache__/\n"]

    @Test("healer rag snippet takes path:start-end, grep's path:line and a path; an unknown path is an error that shows the forms")
    func snippetCommand() {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let repo = GitFixture.make(in: tmp, files: Self.files)
        #expect(HealerBinary.run(["rag", "index"], in: repo.path).status == 0)
        let range = HealerBinary.run(["rag", "snippet", "calc.py:1-2"], in: repo.path)
        #expect(range.status == 0, "\(range.stderr)")
        #expect(range.stdout == calc)
        let grep = HealerBinary.run(["rag", "grep", "return a"], in: repo.path)
        let id = grep.stdout.split(separator: ":").prefix(2).joined(separator: ":")
        #expect(id == "calc.py:2", "\(grep.stdout)")
        let line = HealerBinary.run(["rag", "snippet", id, "--json"], in: repo.path)
        #expect(line.status == 0, "\(line.stderr)")
        #expect(line.stdout.contains("\"text\" : \"    return a + b\""), "\(line.stdout)")
        #expect(HealerBinary.run(["rag", "snippet", "calc.py"], in: repo.path).stdout == calc)
        let missing = HealerBinary.run(["rag", "snippet", "nope.py:1-3"], in: repo.path)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("'nope.py' is not a file") && missing.stderr.contains("path:start-end"), "\(missing.stderr)")
    }

    @Test("in a run, rag_snippet and rag_grep_like ids resolve, a bad id is a tool error, context_blobs that resolve to nothing go back to the Code-Planner once, and the Coding-Agent's prompt has the context that resolves")
    func agentsResolveContextIds() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let repo = GitFixture.make(in: tmp, files: Self.files)
        let tasks = json(["tasks": [["id": "t1", "patch_goal": "add multiply(a, b) to calc.py", "dependencies": [String](),
                                     "context_blobs": ["calc.py:1-2", "empty.py", "nope.py:4-9"]]]])
        let server = ScriptedModelServer(ModelScenario(steps: [
            .init(reply: .text(plan)),
            .init(expect: .init(systemContains: "Code-Planner"), reply: .tool("rag_snippet", #"{"id":"calc.py:1-2"}"#)),
            .init(expect: .init(lastMessageContains: "return a + b"), reply: .tool("rag_snippet", #"{"id":"calc.py:9-12"}"#)),
            .init(expect: .init(lastMessageContains: "ids look like"), reply: .tool("rag_grep_like", #"{"regex":"return a"}"#)),
            .init(expect: .init(lastMessageContains: "[calc.py:2]"), reply: .tool("rag_snippet", #"{"id":"calc.py:2"}"#)),
            .init(expect: .init(lastMessageContains: "return a + b"), reply: .text(tasks)),
            .init(expect: .init(lastMessageContains: "'nope.py' is not a file"), reply: .text(tasks)),
            .init(expect: .init(systemContains: "Coding-Agent", lastMessageContains: "[calc.py:1-2]"), reply: .text(multiply)),
        ]))
        let url = try server.start()
        defer { server.stop() }
        let environment = ["HEALER_LLM_PROVIDER": "openai", "HEALER_LLM_BASE_URL": url.absoluteString, "HEALER_LLM_MODEL": "scripted",
                           "HEALER_LLM_API_KEY": "sk-test-not-a-real-key-000000000000"]
        let id = HealerBinary.run(["request", "add a multiply function"], in: repo.path, environment: environment).trimmed
        let output = HealerBinary.run(["advance", "--run", id, "--until", "coded"], in: repo.path, environment: environment)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(server.mismatches.isEmpty, "\(server.mismatches)")
        #expect(server.remainingSteps == 0)
        #expect(!output.stderr.contains("retrieval failed"), "an id the model can correct is not a warning")
        let coding = try #require(server.bodies.last)
        #expect(coding.contains("[calc.py:1-2]") && coding.contains("return a + b"), "the context that resolves is in the prompt")
        let sentBack = server.bodies[server.bodies.count - 2]
        #expect(sentBack.contains("'empty.py' is empty"), "an empty file is no context: the Code-Planner hears why")
        #expect(!coding.contains("nope.py") && !coding.contains("[empty.py"), "ids the Code-Planner kept after being told are dropped")
    }
}
