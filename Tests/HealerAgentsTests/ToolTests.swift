// The standard tools over a real git repository and a real shell.
import Foundation
import HealerAgents
import HealerTestSupport
import Testing

@Suite("Standard tools")
struct ToolTests {
    private let files = ["Sources/App/Parser.swift": "func parse(_ s: String) -> Int { 0 }\n", "README.md": "hello\n"]

    @Test("GitWorkspace reads files, refuses .git and ../, and dry-runs patches under the policy")
    func workspace() async throws {
        let repository = try await ScratchRepository.make(files: files)
        defer { repository.remove() }
        let workspace = GitWorkspace(repositoryPath: repository.path, revision: "HEAD", base: "HEAD")
        #expect(try await workspace.readFile("README.md") == "hello\n")
        await #expect(throws: (any Error).self) { try await workspace.readFile(".git/config") }
        await #expect(throws: (any Error).self) { try await workspace.readFile("../outside") }
        #expect(try await workspace.diff().isEmpty)
        let good = "diff --git a/README.md b/README.md\n--- a/README.md\n+++ b/README.md\n@@ -1 +1 @@\n-hello\n+bye\n"
        #expect(try await workspace.checkPatch(good) == ["README.md"])
        for path in ["../x", ".git/config", ".github/workflows/ci.yml"] {
            let patch = "diff --git a/\(path) b/\(path)\nnew file mode 100644\n--- /dev/null\n+++ b/\(path)\n@@ -0,0 +1 @@\n+x\n"
            do {
                _ = try await workspace.checkPatch(patch)
                Issue.record("\(path) was accepted")
            } catch {
                #expect("\(error)".contains("refused"), "\(error)")
            }
        }
    }

    @Test("the tools reach the model: read_file, apply_patch and shell_exec results")
    func toolsInALoop() async throws {
        let repository = try await ScratchRepository.make(files: files)
        defer { repository.remove() }
        let patch = "diff --git a/README.md b/README.md\n--- a/README.md\n+++ b/README.md\n@@ -1 +1 @@\n-hello\n+bye\n"
        try await withScriptedServer([
            ModelScenario.Step(reply: ModelScenario.Reply(toolCalls: [
                .init(name: "read_file", arguments: #"{"path":"README.md"}"#),
                .init(name: "apply_patch", arguments: JSONValue.object(["patch": .string(patch)]).jsonText),
                .init(name: "shell_exec", arguments: #"{"command":"ls Sources/App && exit 3"}"#),
                .init(name: "git_diff", arguments: "{}"),
            ])),
            toolStep("submit", #"{"ok":true}"#, expect: .init(toolResultContains: "exit status 3\nParser.swift")),
        ]) { url, server in
            let context = AgentContext(session: scriptedSession(url),
                                       workspace: GitWorkspace(repositoryPath: repository.path, revision: "HEAD", base: "HEAD"),
                                       shell: DirectoryShell(directory: repository.path))
            let loop = AgentLoop(role: .codingAgent, session: context.session, tools: context.tools(ToolKind.allCases))
            let outcome = try await loop.run(system: "s", user: "u",
                                             format: ResponseFormat(name: "a", schema: ["type": "object", "properties": ["ok": ["type": "boolean"]], "required": ["ok"]]))
            #expect(outcome.toolCalls == 4)
            let messages = try #require(json(server.bodies[1])["messages"] as? [[String: Any]])
            let results = messages.filter { $0["role"] as? String == "tool" }.compactMap { $0["content"] as? String }
            #expect(results == ["hello\n", "the patch applies cleanly; it touches: README.md", "exit status 3\nParser.swift\n", "(no changes yet)"])
            #expect(server.mismatches.isEmpty, "\(server.mismatches)")
            let offered = (json(server.bodies[0])["tools"] as? [[String: Any]] ?? []).compactMap { ($0["function"] as? [String: Any])?["name"] as? String }
            #expect(offered == ["read_file", "git_diff", "apply_patch", "shell_exec", "submit"], "no retriever, so no rag_* tools")
        }
    }
}
