// `healer ci` as GitHub Actions and GitLab CI run it: recorded events, a bare remote, the built binary.
import Foundation
import HealerGit
import HealerState
import HealerStore
import HealerTestSupport
import Testing

/// A trunk pushed to a bare remote whose test turned red at the 4th of 6 commits, with a green
/// verdict recorded on the first one (what a team's CI leaves behind).
private struct RedTrunk {
    let tmp = TemporaryDirectory()
    let remote: GitFixture
    let repo: GitFixture
    let bad: String
    let culprit: String

    init() throws {
        remote = GitFixture.bare(in: tmp)
        repo = GitFixture.make(in: tmp, name: "work", files: ["value.txt": "ok\n", ".healer.yml": "test: grep -q ok value.txt\n"])
        repo.git("remote", "add", "origin", remote.path)
        let good = repo.head()
        for index in 1...6 { repo.commit(files: ["n\(index).txt": "\(index)\n", "value.txt": index >= 4 ? "bug\n" : "ok\n"], message: "change \(index)") }
        bad = repo.head()
        culprit = repo.head("main~2")
        let log = VerdictLog(repository: try Repository.discover(at: repo.path))
        try log.append(VerdictEntry(status: .green, by: "ci", at: Timestamp.now()), on: try #require(ObjectID(hex: good)))
        repo.git("push", "-q", "origin", "main", "refs/healer/ci:refs/healer/ci")
    }

    func writeEvent(_ event: [String: Any]) throws -> String {
        let path = tmp.appending("event-\(UUID().uuidString.prefix(6)).json")
        _ = FileManager.default.createFile(atPath: path, contents: try JSONSerialization.data(withJSONObject: event))
        return path
    }

    /// Whether the remote has the regression branch for the culprit, and the trunk is untouched.
    func regressionPushed() -> Bool {
        remote.git("rev-parse", "--verify", "healer/regression/\(culprit.prefix(7))").status == 0 && remote.head("main") == bad
    }
}

/// A Python project on a bare remote with a feature branch (the PR/MR), a CI clone that has the
/// branch checked out, and a scripted model that can carry a run to done.
private struct FeatureBranch {
    let tmp = TemporaryDirectory()
    let remote: GitFixture
    let clone: GitFixture
    let server: ScriptedModelServer
    let model: [String: String]

    init(testCommand: String = "python3 -m unittest -q") throws {
        remote = GitFixture.bare(in: tmp)
        let seed = GitFixture.make(in: tmp, name: "seed", files: [
            "calc.py": calc, "test_calc.py": calcTest, ".gitignore": "__pycache__/\n", ".healer.yml": "test: \(testCommand)\n",
        ])
        seed.git("remote", "add", "origin", remote.path)
        seed.git("push", "-q", "origin", "main")
        seed.git("checkout", "-q", "-b", "feature/x")
        seed.commit(files: ["NOTES.md": "multiply wanted\n"], message: "ask for multiply")
        seed.git("push", "-q", "origin", "feature/x")
        clone = GitFixture.clone(remote, in: tmp, name: "ci")
        clone.git("checkout", "-q", "feature/x")
        server = ScriptedModelServer(ModelScenario(steps: [plan, oneTask, multiply, testSpec, tests].map { ModelScenario.Step(reply: .text($0)) }))
        let url = try server.start()
        model = ["HEALER_LLM_PROVIDER": "openai", "HEALER_LLM_BASE_URL": url.absoluteString, "HEALER_LLM_MODEL": "scripted",
                 "HEALER_LLM_API_KEY": "sk-test-not-a-real-key-000000000000"]
    }

    func run(_ id: String) throws -> Run {
        try JSONDecoder().decode(Run.self, from: Data(HealerBinary.run(["show", id, "--json"], in: clone.path).stdout.utf8))
    }

    func onlyRunID() throws -> String {
        let runs = clone.refs("refs/healer/runs/")
        try #require(runs.count == 1, "\(runs)")
        return try #require(runs.keys.first).replacingOccurrences(of: "refs/healer/runs/", with: "")
    }

    func finish() {
        server.stop()
        tmp.remove()
    }
}

private func contents(_ path: String) -> String {
    FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
}

@Suite("healer ci: recorded GitHub events and GitLab variables against a bare remote", .serialized)
struct CIJobTests {
    @Test("GitHub workflow_run failure on the default branch: heals, pushes the regression branch, writes the heal summary")
    func githubWorkflowRun() throws {
        let world = try RedTrunk()
        defer { world.tmp.remove() }
        let payload = try world.writeEvent(["workflow_run": ["name": "CI", "conclusion": "failure", "head_branch": "main", "head_sha": world.bad, "event": "push"],
                                            "repository": ["default_branch": "main"]])
        let summary = world.tmp.appending("summary.md")
        let api = FakeReviewAPI(token: "ghs-heal-token-4455")
        let apiURL = try api.start()
        defer { api.stop() }
        let output = HealerBinary.run(["ci", "--json"], in: world.repo.path, environment: [
            "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "workflow_run", "GITHUB_EVENT_PATH": payload,
            "GITHUB_STEP_SUMMARY": summary, "GITHUB_REF": "refs/heads/main", "GITHUB_SHA": world.bad,
            "GITHUB_API_URL": apiURL, "GITHUB_REPOSITORY": "o/r", "HEALER_GITHUB_TOKEN": "ghs-heal-token-4455",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("\"action\" : \"verified\""))
        #expect(world.regressionPushed(), "\(output.stdout)")
        let text = contents(summary)
        #expect(text.contains("## healer heal: reverted"))
        #expect(text.contains("```mermaid\nflowchart LR"))
        #expect(text.contains("**Culprit:** `\(world.culprit.prefix(10))`"))
        // The revert is proposed as a pull request into the default branch, once.
        #expect(api.reviews.count == 1)
        #expect(api.reviews.first?.head == "healer/regression/\(world.culprit.prefix(7))" && api.reviews.first?.base == "main")
        #expect(api.reviews.first?.title.hasPrefix("Revert \(world.culprit.prefix(7)): \"change 4\"") == true)
        #expect(text.contains("Review it: https://example.invalid/pull/1"))
    }

    @Test("GitHub push to main: nothing without a reported failure; with HEALER_PIPELINE_STATUS=failed it heals")
    func githubPushToMain() throws {
        let world = try RedTrunk()
        defer { world.tmp.remove() }
        let payload = try world.writeEvent(["ref": "refs/heads/main", "after": world.bad, "repository": ["default_branch": "main"]])
        let summary = world.tmp.appending("summary.md")
        let base = ["GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push", "GITHUB_EVENT_PATH": payload, "GITHUB_STEP_SUMMARY": summary,
                    "GITHUB_REF": "refs/heads/main", "GITHUB_SHA": world.bad]
        let quiet = HealerBinary.run(["ci", "--json"], in: world.repo.path, environment: base)
        #expect(quiet.status == 0, "\(quiet.stderr)")
        #expect(quiet.stdout.contains("\"action\" : \"nothing\""))
        #expect(contents(summary).contains("## healer ci: nothing to do"))
        #expect(world.remote.refs("refs/heads/healer/").isEmpty)

        let red = HealerBinary.run(["ci", "--json"], in: world.repo.path, environment: base.merging(["HEALER_PIPELINE_STATUS": "failed"]) { $1 })
        #expect(red.status == 0, "\(red.stderr)")
        #expect(red.stdout.contains("\"action\" : \"verified\""))
        #expect(world.regressionPushed())
        #expect(contents(summary).contains("## healer heal: reverted"))
    }

    @Test("GitLab failed default-branch pipeline: heals and keeps the summary as healer-summary.md in CI_PROJECT_DIR")
    func gitlabFailedPipeline() throws {
        let world = try RedTrunk()
        defer { world.tmp.remove() }
        let api = FakeReviewAPI(token: "glpat-heal-0099")
        let apiURL = try api.start()
        defer { api.stop() }
        let output = HealerBinary.run(["ci", "--json"], in: world.repo.path, environment: [
            "GITLAB_CI": "true", "CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "main", "CI_DEFAULT_BRANCH": "main",
            "CI_COMMIT_SHA": world.bad, "CI_PROJECT_DIR": world.repo.path, "HEALER_PIPELINE_STATUS": "failed",
            "CI_API_V4_URL": apiURL, "CI_PROJECT_ID": "42", "HEALER_GITLAB_TOKEN": "glpat-heal-0099", "CI_SERVER_URL": "https://gitlab.invalid",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("\"action\" : \"verified\""))
        #expect(world.regressionPushed())
        let text = world.repo.read("healer-summary.md") ?? ""
        #expect(text.contains("## healer heal: reverted"))
        #expect(text.contains("Failing tests") || text.contains("Evidence"))
        #expect(api.reviews.map(\.head) == ["healer/regression/\(world.culprit.prefix(7))"], "a merge request proposes the revert")
    }

    @Test("GitHub PR labelled without a model: the run is created and pushed, the summary says what stopped it; synchronize then advances that run to done")
    func githubLabelThenSynchronize() throws {
        let world = try FeatureBranch()
        defer { world.finish() }
        let before = world.remote.head("feature/x")
        let payload = world.tmp.appending("event.json")
        func write(action: String) throws {
            let event: [String: Any] = [
                "action": action, "repository": ["default_branch": "main", "full_name": "o/r"],
                "pull_request": ["number": 7, "title": "Add multiply", "body": "We need multiply(a, b).", "state": "open",
                                 "html_url": "https://example.invalid/o/r/pull/7", "labels": [["name": "healer"]],
                                 "head": ["ref": "feature/x", "repo": ["full_name": "o/r"]], "base": ["ref": "main", "repo": ["full_name": "o/r"]]],
            ]
            _ = FileManager.default.createFile(atPath: payload, contents: try JSONSerialization.data(withJSONObject: event))
        }
        let summary = world.tmp.appending("summary.md"), outputs = world.tmp.appending("outputs.txt")
        let api = FakeReviewAPI(token: "ghs-ci-token-000111222333")
        let apiURL = try api.start()
        defer { api.stop() }
        let base = ["GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": payload,
                    "GITHUB_STEP_SUMMARY": summary, "GITHUB_OUTPUT": outputs, "GITHUB_API_URL": apiURL, "GITHUB_REPOSITORY": "o/r",
                    "HEALER_GITHUB_TOKEN": "ghs-ci-token-000111222333"]

        try write(action: "labeled")
        let labelled = HealerBinary.run(["ci"], in: world.clone.path, environment: base)
        #expect(labelled.status == 2, "no model is configured: \(labelled.stderr)")
        #expect(labelled.stderr.contains("model"))
        let id = try world.onlyRunID()
        #expect(world.remote.git("rev-parse", "--verify", "refs/healer/runs/\(id)").status == 0, "the new run reached the remote")
        #expect(contents(summary).contains("**Stopped:**"))
        #expect(api.comments.count == 1 && api.comments.first?.body.contains("**Stopped:**") == true, "the PR says why the run stopped")
        #expect(contents(outputs).contains("run-id=\(id)"))
        let created = try world.run(id)
        #expect(created.branch == "feature/x" && created.request.source.kind == .pullRequest)
        #expect(created.request.text.hasPrefix("Add multiply"))

        try write(action: "synchronize")
        let synchronized = HealerBinary.run(["ci", "--json"], in: world.clone.path, environment: base.merging(world.model) { $1 })
        #expect(synchronized.status == 0, "\(synchronized.stderr)")
        #expect(synchronized.stdout.contains("\"action\" : \"advanced\""))
        #expect(try world.onlyRunID() == id, "synchronize advances the same run")
        let run = try world.run(id)
        #expect(run.stage == .done, "\(run.failure?.reason ?? "")")
        #expect(world.remote.git("rev-list", "--count", "\(before)..feature/x").trimmed == "2", "the code and test commits were pushed")
        #expect(world.remote.git("show", "feature/x:test_multiply.py").status == 0)
        let text = contents(summary)
        #expect(text.contains("stateDiagram-v2") && text.contains("class done current"))
        #expect(text.contains("[Pull request](https://example.invalid/o/r/pull/7)"))
        #expect(contents(outputs).contains("stage=done"))
        #expect(api.comments.count == 1, "one comment per run, edited by each job")
        #expect(api.comments.first?.body.contains("class done current") == true)
        #expect(api.comments.first?.body.hasPrefix("<!-- healer-run: \(id) -->") == true)
    }

    @Test("GitLab labelled merge request: the run goes to done, the summary artifact is written, the tokens reach no log, note or output")
    func gitlabMergeRequest() throws {
        let world = try FeatureBranch(testCommand: "env; python3 -m unittest -q")
        defer { world.finish() }
        let token = "glpat-healer-test-token-9f8e7d6c5b4a"
        let jobToken = "job-token-healer-test-1a2b3c4d5e"
        let api = FakeReviewAPI(token: token)
        let apiURL = try api.start()
        defer { api.stop() }
        let output = HealerBinary.run(["ci", "--json"], in: world.clone.path, environment: world.model.merging([
            "GITLAB_CI": "true", "CI_PIPELINE_SOURCE": "merge_request_event", "CI_MERGE_REQUEST_IID": "3",
            "CI_MERGE_REQUEST_LABELS": "bug,healer", "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME": "feature/x",
            "CI_MERGE_REQUEST_TITLE": "Add multiply", "CI_MERGE_REQUEST_DESCRIPTION": "We need multiply(a, b).",
            "CI_MERGE_REQUEST_PROJECT_URL": "https://gitlab.invalid/o/r", "CI_DEFAULT_BRANCH": "main",
            "CI_PROJECT_DIR": world.clone.path, "CI_SERVER_URL": "https://gitlab.invalid",
            "HEALER_GITLAB_TOKEN": token, "CI_JOB_TOKEN": jobToken, "CI_API_V4_URL": apiURL, "CI_PROJECT_ID": "42",
        ]) { $1 })
        #expect(output.status == 0, "\(output.stderr)")
        let id = try world.onlyRunID()
        let run = try world.run(id)
        #expect(run.stage == .done, "\(run.failure?.reason ?? "")")
        #expect(run.request.source.kind == .mergeRequest)
        #expect(run.request.source.reference == "https://gitlab.invalid/o/r/-/merge_requests/3")
        #expect(world.remote.git("show", "feature/x:test_multiply.py").status == 0)
        let summary = world.clone.read("healer-summary.md") ?? ""
        #expect(summary.contains("stateDiagram-v2") && summary.contains("## healer run `\(id)`"))
        #expect(world.clone.read("healer.env") == "HEALER_RUN_ID=\(id)\nHEALER_STAGE=done\n")
        #expect(api.comments.count == 1 && api.comments.first?.body.contains("stateDiagram-v2") == true, "a note on the MR")
        #expect(api.requests.contains { $0.path == "/projects/42/merge_requests/3/notes" && $0.method == "POST" })

        // The build logs ran `env`: the CI tokens were not in the sandbox's environment.
        let logs = run.artifacts.filter { $0.kind.contains("log") }
        #expect(!logs.isEmpty)
        for artifact in logs {
            let text = world.clone.git("cat-file", "-p", artifact.blob).stdout
            #expect(text.contains("PATH="), "the log holds the environment")
            #expect(!text.contains(token) && !text.contains(jobToken), "a token reached the build log \(artifact.blob)")
        }
        let everything = output.stdout + output.stderr + summary + world.clone.git("log", "-p", "--all").stdout
        #expect(!everything.contains(token) && !everything.contains(jobToken))
        for body in world.server.bodies { #expect(!body.contains(token) && !body.contains(jobToken)) }
    }
}
