// shell_exec for real, through the binary: a disposable, sandboxed checkout of the run's revision, and replay from the transcript.
import Foundation
import HealerExecution
import HealerHTTP
import HealerState
import HealerTestSupport
import Testing

private let bubblewrapUsable: Bool = {
    if case .usable = BubblewrapSandbox.cachedProbe { return true }
    return false
}()

/// The tool results the request at `index` carries, in order.
private func toolResults(_ server: ScriptedModelServer, _ index: Int) -> [String] {
    let messages = server.requests[index].json?["messages"] as? [[String: Any]] ?? []
    return messages.filter { $0["role"] as? String == "tool" }.compactMap { $0["content"] as? String }
}

/// The tools the request at `index` offers, name to description.
private func offeredTools(_ server: ScriptedModelServer, _ index: Int) -> [String: String] {
    let tools = server.requests[index].json?["tools"] as? [[String: Any]] ?? []
    var offered: [String: String] = [:]
    for tool in tools {
        guard let function = tool["function"] as? [String: Any], let name = function["name"] as? String else { continue }
        offered[name] = function["description"] as? String ?? ""
    }
    return offered
}

private func show(_ repo: GitFixture, _ id: String) throws -> Run {
    try JSONDecoder().decode(Run.self, from: Data(HealerBinary.run(["show", id, "--json"], in: repo.path).stdout.utf8))
}

private func environment(_ url: URL) -> [String: String] {
    ["HEALER_LLM_PROVIDER": "openai", "HEALER_LLM_BASE_URL": url.absoluteString, "HEALER_LLM_MODEL": "scripted",
     "HEALER_LLM_API_KEY": "sk-test-not-a-real-key-000000000000"]
}

/// The shell checkouts left under `.git/healer/worktrees/` (the build step's `run-*` worktree is its own).
private func shellCheckouts(_ repo: GitFixture) -> [String] {
    let directory = repo.path + "/.git/healer/worktrees"
    return ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasPrefix("shell-") }
}

private let files = ["calc.py": calc, "test_calc.py": calcTest, ".gitignore": "__pycache__/\n"]

@Suite("shell_exec: commands in a disposable, sandboxed checkout of the run's revision", .serialized)
struct ShellExecTests {
    @Test("a Coding-Agent's commands run the tests in a checkout of the run's revision, cannot reach the network or write outside it, touch nothing of yours, and replay answers them from the transcript",
          .enabled(if: bubblewrapUsable, "bubblewrap is not usable on this machine (\(BubblewrapSandbox.cachedProbe)); install it with scripts/setup-system.sh"))
    func sandboxedCommandsAndReplay() throws {
        // Under /var/tmp: bubblewrap's private /tmp would hide the repository, and the writes would land there.
        let tmp = TemporaryDirectory(parent: "/var/tmp")
        defer { tmp.remove() }
        let repo = GitFixture.make(in: tmp, files: files.merging([".healer.yml": "test: python3 -m unittest -q\n"]) { $1 })
        let outside = tmp.appending("outside")
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        // A live server on the host's loopback: the host reaches it, a sandboxed command must not.
        let listener = HTTPServer { _ in .text(200, "ok") }
        let port = try listener.start()
        defer { listener.stop() }
        let connect = "python3 -c \"import socket; socket.create_connection(('127.0.0.1', \(port)), timeout=3); print('connected')\""
        let commands = [
            "python3 -m unittest -q 2>&1; cat calc.py; echo scratch > made.txt",
            "cat made.txt; " + connect,
            "echo mine > \(repo.path)/calc.py; echo x > \(outside)/written; echo x > \"$HOME/healer-shell-probe\"; git branch sneaky; echo exit $?",
            "date +%s%N",
        ]
        let calls = commands.map { ModelScenario.Reply.tool("shell_exec", json(["command": $0])) }
        let server = ScriptedModelServer(ModelScenario(steps: [
            .init(reply: .text(plan)), .init(reply: .text(oneTask)),
            .init(expect: .init(systemContains: "Coding-Agent"), reply: calls[0]),
            .init(expect: .init(lastMessageContains: "Ran 1 test"), reply: calls[1]),
            .init(expect: .init(lastMessageContains: "scratch"), reply: calls[2]),
            .init(reply: calls[3]),
            .init(reply: .text(multiply)), .init(reply: .text(testSpec)), .init(reply: .text(tests)),
        ]))
        let url = try server.start()
        defer { server.stop() }
        let trunk = repo.head("main")
        let output = HealerBinary.run(["run", "add a multiply function"], in: repo.path, environment: environment(url))
        #expect(output.status == 0, "\(output.stderr)")
        #expect(server.mismatches.isEmpty, "\(server.mismatches)")
        let id = output.trimmed
        let run = try show(repo, id)
        #expect(run.stage == .done, "\(run.failure?.reason ?? "")")

        // (a) the project's tests ran in a checkout of the run's revision; the output reached the next request.
        let results = toolResults(server, 6)
        try #require(results.count == 4, "\(results)")
        #expect(results[0].hasPrefix("exit status 0\n") && results[0].contains("Ran 1 test") && results[0].contains("def add(a, b):"), "\(results[0])")
        #expect(offeredTools(server, 2)["shell_exec"]?.contains("sandboxed: no network") == true)
        // (b) no network: the host reaches the listener, the command does not; a file an earlier call made is still there.
        #expect(results[1].contains("scratch") && !results[1].contains("connected") && !results[1].hasPrefix("exit status 0\n"), "\(results[1])")
        let socket = runProcess("/bin/sh", ["-c", connect], in: tmp.path)
        #expect(socket.stdout.contains("connected"), "the listener is live: \(socket.stderr)")
        // (c) writes outside the checkout fail and leave nothing; (d) your work tree and branches are untouched.
        #expect(results[2].contains("Read-only file system") && results[2].contains("exit 128"), "the repository is read-only too: \(results[2])")
        #expect(!FileManager.default.fileExists(atPath: outside + "/written"))
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        #expect(!FileManager.default.fileExists(atPath: home + "/healer-shell-probe"))
        #expect(try String(contentsOfFile: repo.path + "/calc.py", encoding: .utf8) == calc)
        #expect(repo.status().isEmpty, "the checkout is untouched: \(repo.status())")
        #expect(repo.head("main") == trunk)
        #expect(repo.git("branch", "--format=%(refname:short)").stdout.split(separator: "\n").sorted() == ["main", Substring(run.branch)].sorted())
        #expect(repo.git("show", "\(run.branch):made.txt").status != 0, "what a command writes never reaches the run branch")
        #expect(shellCheckouts(repo).isEmpty, "the step removed its checkout: \(shellCheckouts(repo))")
        #expect(!repo.git("worktree", "list").stdout.contains("/shell-"))

        // (e) replay answers shell_exec from the transcript: `date +%N` cannot match twice if it ran again.
        server.stop()
        let replay = HealerBinary.run(["replay", id, "--json"], in: repo.path)
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(replay.stdout.contains("\"identical\" : true"), "\(replay.stdout)\n\(replay.stderr)")
        #expect(shellCheckouts(repo).isEmpty)
    }

    @Test("without bubblewrap (sandbox: none) the tool says it is not sandboxed and still runs in a disposable checkout; shell.enabled: false takes it away")
    func plainAndOff() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        for (name, config, offered) in [("plain", "sandbox: none\n", true), ("off", "shell:\n  enabled: false\n", false)] {
            let repo = GitFixture.make(in: tmp, name: name, files: files.merging([".healer.yml": "test: python3 -m unittest -q\n" + config]) { $1 })
            let steps: [ModelScenario.Step] = offered
                ? [.init(reply: .text(plan)), .init(reply: .text(oneTask)), .init(reply: .tool("shell_exec", json(["command": "pwd; echo scratch > made.txt; echo sk-live-shellsecret0000000000000000"]))),
                   .init(expect: .init(lastMessageContains: "/.git/healer/worktrees/shell-"), reply: .text(multiply))]
                : [.init(reply: .text(plan)), .init(reply: .text(oneTask)), .init(reply: .text(multiply))]
            let server = ScriptedModelServer(ModelScenario(steps: steps))
            let url = try server.start()
            defer { server.stop() }
            let id = HealerBinary.run(["request", "add a multiply function"], in: repo.path, environment: environment(url)).trimmed
            // What an interrupted earlier step of this run left behind is removed.
            let stale = repo.path + "/.git/healer/worktrees/shell-\(id)-9.env"
            try FileManager.default.createDirectory(atPath: stale, withIntermediateDirectories: true)
            let output = HealerBinary.run(["advance", "--run", id, "--until", "coded"], in: repo.path, environment: environment(url))
            #expect(output.status == 0, "\(name): \(output.stderr)")
            #expect(server.mismatches.isEmpty, "\(name): \(server.mismatches)")
            let tools = offeredTools(server, 2)
            #expect((tools["shell_exec"] != nil) == offered, "\(name): \(tools.keys.sorted())")
            if offered {
                #expect(tools["shell_exec"]?.contains("NOT sandboxed") == true, "\(tools["shell_exec"] ?? "")")
                #expect(toolResults(server, 3).first?.hasPrefix("exit status 0\n") == true)
                #expect(!server.bodies.joined().contains("shellsecret"), "a secret a command prints never reaches the model")
            }
            #expect(try show(repo, id).stage == .coded)
            #expect(repo.status().isEmpty, "\(name): \(repo.status())")
            #expect(shellCheckouts(repo).isEmpty, "\(name): \(shellCheckouts(repo))")
        }
    }
}
