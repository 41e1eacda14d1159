import Foundation
import HealerGit
import HealerState
import HealerStore
import HealerTestSupport
import Testing

/// A clone of a bare remote, with healer's hook installed and the built binary on its path.
private struct HookedClone {
    let tmp = TemporaryDirectory()
    let remote: GitFixture
    let clone: GitFixture
    let environment: [String: String]

    init() {
        remote = GitFixture.bare(in: tmp)
        let seed = GitFixture.make(in: tmp, name: "seed", files: ["README.md": "# x\n", ".healer.yml": "test: echo 5 passed, 0 failed\n"])
        seed.git("remote", "add", "origin", remote.path)
        seed.git("push", "-q", "origin", "main")
        clone = GitFixture.clone(remote, in: tmp, name: "clone")
        environment = ["HEALER_BIN": HealerBinary.path]
    }
}

@Suite("Triggers: the pre-push hook and healer ci, end to end")
struct TriggerTests {
    @Test("a real push of a run branch builds it and carries refs/healer/*; other branches cost nothing; a broken healer never blocks")
    func prePush() throws {
        let setup = HookedClone()
        defer { setup.tmp.remove() }
        let clone = setup.clone
        let install = HealerBinary.run(["install"], in: clone.path)
        #expect(install.status == 0, "\(install.stderr)")
        let id = HealerBinary.run(["request", "hooked change"], in: clone.path).trimmed
        let branch = try #require(clone.refs("refs/heads/healer/").keys.first).replacingOccurrences(of: "refs/heads/", with: "")
        clone.git("checkout", "-q", branch)
        let sha = clone.commit(files: ["feature.txt": "x\n"], message: "work on the run branch")
        let push = clone.git(["push", "-q", "origin", branch], environment: setup.environment)
        #expect(push.status == 0, "\(push.stderr)")
        #expect(push.stderr.contains("build"), "the hook ran the build: \(push.stderr)")
        #expect(setup.remote.git("show", "refs/healer/ci:\(sha)").stdout.contains("\"status\":\"green\""))
        #expect(setup.remote.git("rev-parse", "--verify", "refs/healer/runs/\(id)").status == 0)

        // A branch without a run: nothing happens to refs/healer/* on the remote.
        let before = setup.remote.refs("refs/healer/")
        clone.git("checkout", "-q", "-b", "plain", "main")
        clone.commit(files: ["plain.txt": "p\n"], message: "plain")
        let plain = clone.git(["push", "-q", "origin", "plain"], environment: setup.environment)
        #expect(plain.status == 0)
        #expect(!plain.stderr.contains("healer:"))
        #expect(setup.remote.refs("refs/healer/") == before)

        // A broken healer binary: the push still goes through.
        clone.commit(files: ["plain.txt": "q\n"], message: "plain 2")
        let broken = clone.git(["push", "-q", "origin", "plain"], environment: ["HEALER_BIN": setup.tmp.appending("missing-healer")])
        #expect(broken.status == 0, "\(broken.stderr)")
        #expect(setup.remote.git("rev-parse", "plain").trimmed == clone.head("plain"))

        let uninstall = HealerBinary.run(["uninstall"], in: clone.path)
        #expect(uninstall.status == 0, "\(uninstall.stderr)")
    }

    @Test("healer ci on a red push to main (GitHub workflow_run) heals it and pushes the regression branch")
    func ciVerify() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let remote = GitFixture.bare(in: tmp)
        let repo = GitFixture.make(in: tmp, name: "work", files: ["value.txt": "ok\n", ".healer.yml": "test: grep -q ok value.txt\n"])
        repo.git("remote", "add", "origin", remote.path)
        let good = repo.head()
        for index in 1...6 { repo.commit(files: ["n\(index).txt": "\(index)\n", "value.txt": index == 4 ? "bug\n" : (index > 4 ? "bug\n" : "ok\n")], message: "change \(index)") }
        let bad = repo.head()
        let log = VerdictLog(repository: try Repository.discover(at: repo.path))
        try log.append(VerdictEntry(status: "green", by: "ci", at: Timestamp.now()), on: try #require(ObjectID(hex: good)))
        repo.git("push", "-q", "origin", "main", "refs/healer/ci:refs/healer/ci")
        let payload = tmp.appending("event.json")
        let event = ["workflow_run": ["name": "CI", "conclusion": "failure", "head_branch": "main", "head_sha": bad, "event": "push"],
                     "repository": ["default_branch": "main"]] as [String: Any]
        _ = FileManager.default.createFile(atPath: payload, contents: try JSONSerialization.data(withJSONObject: event))
        let summary = tmp.appending("summary.md"), outputs = tmp.appending("outputs.txt")
        let output = HealerBinary.run(["ci", "--json"], in: repo.path, environment: [
            "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "workflow_run", "GITHUB_EVENT_PATH": payload,
            "GITHUB_STEP_SUMMARY": summary, "GITHUB_OUTPUT": outputs, "GITHUB_REF": "refs/heads/main", "GITHUB_SHA": bad,
        ])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("\"action\" : \"verified\""))
        let culprit = repo.head("main~2")
        #expect(remote.git("rev-parse", "--verify", "healer/regression/\(culprit.prefix(7))").status == 0, "\(output.stdout)")
        #expect(remote.head("main") == bad, "the trunk is untouched")
    }

    @Test("healer ci on a labelled pull request creates the run (without a model the step says what is missing); other events do nothing")
    func ciPullRequest() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let remote = GitFixture.bare(in: tmp)
        let repo = GitFixture.make(in: tmp, name: "work", files: ["a.txt": "a\n", ".healer.yml": "test: echo 1 passed, 0 failed\n"])
        repo.git("remote", "add", "origin", remote.path)
        repo.git("push", "-q", "origin", "main")
        repo.git("checkout", "-q", "-b", "feature/x")
        repo.commit(files: ["b.txt": "b\n"], message: "feature")
        repo.git("push", "-q", "origin", "feature/x")
        repo.git("checkout", "-q", "main")
        let payload = tmp.appending("event.json")
        func write(_ labels: [String], action: String) throws {
            let event: [String: Any] = [
                "action": action, "repository": ["default_branch": "main", "full_name": "o/r"],
                "pull_request": ["number": 7, "title": "Make it better", "body": "Please.", "state": "open", "html_url": "https://example.invalid/pr/7",
                                 "labels": labels.map { ["name": $0] }, "head": ["ref": "feature/x", "repo": ["full_name": "o/r"]],
                                 "base": ["ref": "main", "repo": ["full_name": "o/r"]]],
            ]
            _ = FileManager.default.createFile(atPath: payload, contents: try JSONSerialization.data(withJSONObject: event))
        }
        let base = ["GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": payload]
        try write(["bug"], action: "labeled")
        let nothing = HealerBinary.run(["ci", "--json"], in: repo.path, environment: base)
        #expect(nothing.status == 0 && nothing.stdout.contains("\"action\" : \"nothing\""), "\(nothing.stderr)")
        #expect(repo.refs("refs/healer/runs/").isEmpty)
        try write(["healer"], action: "labeled")
        // No model configured: the run is created, and the step explains what is missing.
        let labelled = HealerBinary.run(["ci"], in: repo.path, environment: base.merging(["HEALER_LLM_BASE_URL": "", "HEALER_LLM_MODEL": ""]) { $1 })
        #expect(labelled.status == 2, "\(labelled.stderr)")
        #expect(labelled.stderr.contains("model"))
        let runs = repo.refs("refs/healer/runs/")
        #expect(runs.count == 1)
        let id = try #require(runs.keys.first).replacingOccurrences(of: "refs/healer/runs/", with: "")
        let run = try JSONDecoder().decode(Run.self, from: Data(HealerBinary.run(["show", id, "--json"], in: repo.path).stdout.utf8))
        #expect(run.branch == "feature/x")
        #expect(run.request.source.kind == .pullRequest)
        #expect(run.request.text.hasPrefix("Make it better"))
    }
}
