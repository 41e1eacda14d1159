import Foundation
import HealerGit
import HealerHTTP
import HealerState
import HealerStore
import HealerTestSupport
import Testing

/// Moves a fresh run to `coded` with the store, as the agent roles would.
private func codedRun(_ repo: GitFixture, request: String = "change") throws -> String {
    let id = HealerBinary.run(["request", request], in: repo.path).trimmed
    let store = RunStore(repository: try Repository.discover(at: repo.path))
    let changes: [Event.Change] = [
        .planned(Plan(steps: ["edit"], rationale: "test")),
        .tasked([CodingTask(id: "t1", patchGoal: "edit")]),
        .coded([CommitRecord(sha: repo.head(), role: .codingAgent, task: "t1")]),
    ]
    for (index, change) in changes.enumerated() {
        try store.apply(Event(id: "setup-\(index)", actor: "test", at: Timestamp.now(), change: change), to: id)
    }
    return id
}

private func show(_ repo: GitFixture, _ id: String) throws -> Run {
    try JSONDecoder().decode(Run.self, from: Data(HealerBinary.run(["show", id, "--json"], in: repo.path).stdout.utf8))
}

@Suite("The Build/CI Runner step")
struct BuildStepTests {
    @Test("a green build moves the run to built and records the verdict and the log")
    func green() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let repo = GitFixture.make(in: tmp, files: [".healer.yml": "test: echo all 3 tests passed\n"])
        let id = try codedRun(repo)
        let output = HealerBinary.run(["step", "build", "--run", id], in: repo.path)
        #expect(output.status == 0, "\(output.stderr)")
        let run = try show(repo, id)
        #expect(run.stage == .built)
        let log = try #require(run.builds.last?.log)
        #expect(repo.git("cat-file", "-p", log).stdout.contains("all 3 tests passed"))
        #expect(repo.git("show", "refs/healer/ci:\(repo.head())").stdout.contains("\"status\":\"green\""))
        #expect(repo.git("show", "refs/healer/runs/\(id):\(log)").status == 0, "the log blob is kept reachable by the run's ref")
    }

    @Test("a build that hangs is killed at its timeout with its whole process group; the run records it")
    func hang() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let marker = "3\(Int.random(in: 10_000...99_999))"
        let repo = GitFixture.make(in: tmp, files: [".healer.yml": "test: sh -c 'sleep \(marker) & sleep \(marker)'\ntimeoutSeconds: 2\n"])
        let id = try codedRun(repo)
        let output = HealerBinary.run(["step", "build", "--run", id], in: repo.path)
        #expect(output.status == 1, "\(output.stderr)")
        let run = try show(repo, id)
        #expect(run.builds.last?.interruption?.contains("timed out") == true)
        #expect(run.stage == .tasked, "a timed-out build goes back to coding like a red one")
        let left = runProcess("pgrep", ["-f", "sleep \(marker)"], in: tmp.path)
        #expect(left.trimmed.isEmpty, "no process of the build survives: \(left.stdout)")
    }

    @Test("in the sandbox a test that opens a network connection or writes outside the worktree fails; without it, it passes")
    func sandbox() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let server = HTTPServer { _ in .text(200, "ok") }
        let port = try server.start()
        defer { server.stop() }
        let outside = tmp.appending("outside")
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        let script = "python3 -c \"import socket; socket.create_connection(('127.0.0.1', \(port)), timeout=3)\" && touch \(outside)/written"
        for (sandbox, expected) in [("bubblewrap", Stage.tasked), ("none", Stage.built)] {
            let repo = GitFixture.make(in: tmp, name: "repo-\(sandbox)", files: [
                ".healer.yml": "sandbox: \(sandbox)\ntest: sh check.sh\n", "check.sh": script + "\n",
            ])
            let id = try codedRun(repo)
            try? FileManager.default.removeItem(atPath: outside + "/written")
            let output = HealerBinary.run(["step", "build", "--run", id], in: repo.path)
            #expect(try show(repo, id).stage == expected, "sandbox \(sandbox): \(output.stderr)")
            #expect(FileManager.default.fileExists(atPath: outside + "/written") == (sandbox == "none"))
        }
        let writer = GitFixture.make(in: tmp, name: "writer", files: [".healer.yml": "sandbox: bubblewrap\ntest: touch \(outside)/direct\n"])
        let id = try codedRun(writer)
        HealerBinary.run(["step", "build", "--run", id], in: writer.path)
        #expect(!FileManager.default.fileExists(atPath: outside + "/direct"))
        #expect(try show(writer, id).stage == .tasked)
    }
}
