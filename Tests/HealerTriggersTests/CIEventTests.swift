// CI event decisions from recorded GitHub payloads and GitLab variable sets.
import Foundation
import Testing

@testable import HealerWorkspace
@testable import HealerHeal
@testable import HealerRuns
@testable import HealerTriggers
@testable import HealerInstall

@Suite("CIEvent")
struct CIEventTests {
    static func pullRequest(action: String, labels: [String], headRepo: String = "acme/app", extra: String = "") -> String {
        let labelJSON = labels.map { #"{"id": 1, "name": "\#($0)", "color": "ededed"}"# }.joined(separator: ", ")
        return """
        {
          "action": "\(action)",
          "number": 42,
          \(extra)
          "pull_request": {
            "number": 42,
            "state": "open",
            "html_url": "https://github.com/acme/app/pull/42",
            "title": "Add retry to the uploader",
            "body": "Uploads fail on flaky networks.\\nRetry three times with backoff.",
            "labels": [\(labelJSON)],
            "head": {"ref": "feature/retry", "sha": "1111111111111111111111111111111111111111", "repo": {"full_name": "\(headRepo)"}},
            "base": {"ref": "main", "sha": "2222222222222222222222222222222222222222", "repo": {"full_name": "acme/app"}}
          },
          "repository": {"full_name": "acme/app", "default_branch": "main"},
          "sender": {"login": "octocat"}
        }
        """
    }

    static let workflowRunFailure = """
    {
      "action": "completed",
      "workflow_run": {
        "id": 7, "name": "CI", "event": "push", "status": "completed", "conclusion": "failure",
        "head_branch": "main", "head_sha": "3333333333333333333333333333333333333333",
        "head_repository": {"full_name": "acme/app"}
      },
      "repository": {"full_name": "acme/app", "default_branch": "main"}
    }
    """

    static let push = """
    {
      "ref": "refs/heads/main",
      "before": "2222222222222222222222222222222222222222",
      "after": "4444444444444444444444444444444444444444",
      "repository": {"full_name": "acme/app", "default_branch": "main"}
    }
    """

    static func github(_ name: String, _ payload: String, _ extra: [String: String] = [:]) throws -> CIEvent? {
        var env = ["GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": name, "GITHUB_REF": "refs/heads/main", "GITHUB_SHA": "4444444444444444444444444444444444444444"]
        for (key, value) in extra { env[key] = value }
        return try CIEvent.detect(environment: env, payload: Data(payload.utf8))
    }

    @Test("a labelled pull request becomes or advances a run", arguments: ["labeled", "synchronize", "opened", "reopened"])
    func labelledPullRequest(action: String) throws {
        let event = try #require(try Self.github("pull_request", Self.pullRequest(action: action, labels: ["bug", "healer"])))
        #expect(event.provider == .github)
        #expect(event.defaultBranch == "main")
        #expect(event.action == .createOrAdvanceRun(
            branch: "feature/retry",
            title: "Add retry to the uploader",
            body: "Uploads fail on flaky networks.\nRetry three times with backoff.",
            reference: "https://github.com/acme/app/pull/42"
        ))
    }

    @Test("a pull request without the label, a closed one, and one from a fork do nothing")
    func otherPullRequests() throws {
        let unlabelled = try #require(try Self.github("pull_request", Self.pullRequest(action: "synchronize", labels: ["bug"])))
        #expect(unlabelled.action == .nothing(reason: "pull request #42 does not carry the label 'healer'"))
        let closed = try #require(try Self.github("pull_request", Self.pullRequest(action: "closed", labels: ["healer"])))
        guard case .nothing = closed.action else { Issue.record("closed PR: \(closed.action)"); return }
        let fork = try #require(try Self.github("pull_request", Self.pullRequest(action: "labeled", labels: ["healer"], headRepo: "mallory/app")))
        guard case .nothing(let why) = fork.action else { Issue.record("fork PR: \(fork.action)"); return }
        #expect(why.contains("fork"))
    }

    @Test("the label comes from HEALER_LABEL, then the configuration")
    func customLabel() throws {
        let payload = Self.pullRequest(action: "labeled", labels: ["self-heal"])
        let viaEnv = try #require(try Self.github("pull_request", payload, ["HEALER_LABEL": "self-heal"]))
        #expect(viaEnv.label == "self-heal")
        guard case .createOrAdvanceRun = viaEnv.action else { Issue.record("\(viaEnv.action)"); return }
        let env = ["GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request"]
        let viaConfig = try #require(try CIEvent.detect(environment: env, payload: Data(payload.utf8), configuredLabel: "self-heal"))
        guard case .createOrAdvanceRun = viaConfig.action else { Issue.record("\(viaConfig.action)"); return }
    }

    @Test("a failed workflow_run on the default branch calls the Verifier; a green one or another branch does not")
    func workflowRun() throws {
        let red = try #require(try Self.github("workflow_run", Self.workflowRunFailure))
        #expect(red.action == .verify(branch: "main", sha: "3333333333333333333333333333333333333333"))
        let green = try #require(try Self.github("workflow_run", Self.workflowRunFailure.replacingOccurrences(of: "\"failure\"", with: "\"success\"")))
        #expect(green.action == .nothing(reason: "CI concluded 'success'; only a failure calls the Verifier"))
        let branch = try #require(try Self.github("workflow_run", Self.workflowRunFailure.replacingOccurrences(of: "\"head_branch\": \"main\"", with: "\"head_branch\": \"topic\"")))
        guard case .nothing = branch.action else { Issue.record("\(branch.action)"); return }
    }

    @Test("a push to main verifies only when a failure is reported")
    func pushToMain() throws {
        let quiet = try #require(try Self.github("push", Self.push))
        guard case .nothing = quiet.action else { Issue.record("\(quiet.action)"); return }
        let red = try #require(try Self.github("push", Self.push, ["HEALER_PIPELINE_STATUS": "failed"]))
        #expect(red.action == .verify(branch: "main", sha: "4444444444444444444444444444444444444444"))
        let topic = try #require(try Self.github("push", Self.push, ["HEALER_PIPELINE_STATUS": "failed", "GITHUB_REF": "refs/heads/topic"]))
        guard case .nothing = topic.action else { Issue.record("\(topic.action)"); return }
    }

    @Test("workflow_dispatch verifies the given commit, or the branch head")
    func dispatch() throws {
        let payload = #"{"inputs": {"sha": "5555555555555555555555555555555555555555"}, "ref": "refs/heads/main", "repository": {"default_branch": "main"}}"#
        let event = try #require(try Self.github("workflow_dispatch", payload))
        #expect(event.action == .verify(branch: "main", sha: "5555555555555555555555555555555555555555"))
        let head = try #require(try Self.github("workflow_dispatch", #"{"inputs": {}, "repository": {"default_branch": "main"}}"#))
        #expect(head.action == .verify(branch: "main", sha: "4444444444444444444444444444444444444444"))
    }

    @Test("GitHub without a payload or with a broken one is an error; no CI is nil")
    func errors() throws {
        #expect(throws: TriggerError.self) { try CIEvent.detect(environment: ["GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push"], payload: nil) }
        #expect(throws: TriggerError.self) { try Self.github("push", "{not json") }
        #expect(try CIEvent.detect(environment: ["HOME": "/root"], payload: nil) == nil)
        #expect(throws: TriggerError.self) { try CIEvent.detect(environment: ["GITHUB_ACTIONS": "true", "GITHUB_EVENT_PATH": "/nonexistent/event.json"]) }
    }

    @Test("the payload is read from GITHUB_EVENT_PATH")
    func payloadFile() throws {
        let path = NSTemporaryDirectory() + "healer-event-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = FileManager.default.createFile(atPath: path, contents: Data(Self.workflowRunFailure.utf8))
        let event = try #require(try CIEvent.detect(environment: ["GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "workflow_run", "GITHUB_EVENT_PATH": path]))
        #expect(event.action == .verify(branch: "main", sha: "3333333333333333333333333333333333333333"))
    }

    static let gitlabMR: [String: String] = [
        "GITLAB_CI": "true",
        "CI_PIPELINE_SOURCE": "merge_request_event",
        "CI_MERGE_REQUEST_IID": "17",
        "CI_MERGE_REQUEST_LABELS": "backend,healer",
        "CI_MERGE_REQUEST_TITLE": "Cache the parser",
        "CI_MERGE_REQUEST_DESCRIPTION": "Parsing is slow.\nCache by blob id.",
        "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME": "perf/cache",
        "CI_MERGE_REQUEST_PROJECT_URL": "https://gitlab.example.com/acme/app",
        "CI_MERGE_REQUEST_PROJECT_ID": "9",
        "CI_MERGE_REQUEST_SOURCE_PROJECT_ID": "9",
        "CI_DEFAULT_BRANCH": "main",
        "CI_COMMIT_SHA": "6666666666666666666666666666666666666666",
    ]

    @Test("a labelled GitLab merge request becomes or advances a run")
    func gitlabMergeRequest() throws {
        let event = try #require(try CIEvent.detect(environment: Self.gitlabMR, payload: nil))
        #expect(event.provider == .gitlab)
        #expect(event.action == .createOrAdvanceRun(
            branch: "perf/cache", title: "Cache the parser", body: "Parsing is slow.\nCache by blob id.",
            reference: "https://gitlab.example.com/acme/app/-/merge_requests/17"
        ))
        var unlabelled = Self.gitlabMR
        unlabelled["CI_MERGE_REQUEST_LABELS"] = "backend,healer-later"
        #expect(try CIEvent.detect(environment: unlabelled, payload: nil)?.action == .nothing(reason: "merge request !17 does not carry the label 'healer'"))
        var fork = Self.gitlabMR
        fork["CI_MERGE_REQUEST_SOURCE_PROJECT_ID"] = "10"
        guard case .nothing(let why)? = try CIEvent.detect(environment: fork, payload: nil)?.action else { Issue.record("fork"); return }
        #expect(why.contains("fork"))
    }

    @Test("a failed GitLab default-branch pipeline calls the Verifier")
    func gitlabFailure() throws {
        let base = ["GITLAB_CI": "true", "CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "main", "CI_DEFAULT_BRANCH": "main", "CI_COMMIT_SHA": "7777777777777777777777777777777777777777"]
        guard case .nothing? = try CIEvent.detect(environment: base, payload: nil)?.action else { Issue.record("green"); return }
        var red = base
        red["HEALER_PIPELINE_STATUS"] = "failed"
        #expect(try CIEvent.detect(environment: red, payload: nil)?.action == .verify(branch: "main", sha: "7777777777777777777777777777777777777777"))
        var afterScript = base
        afterScript["CI_JOB_STATUS"] = "failed"
        #expect(try CIEvent.detect(environment: afterScript, payload: nil)?.action == .verify(branch: "main", sha: "7777777777777777777777777777777777777777"))
        var topic = red
        topic["CI_COMMIT_BRANCH"] = "topic"
        guard case .nothing? = try CIEvent.detect(environment: topic, payload: nil)?.action else { Issue.record("topic"); return }
    }

    @Test("CI tokens become one-process git configuration")
    func credentials() {
        let github = CICredentials.gitEnvironment(environment: ["GITHUB_ACTIONS": "true", "HEALER_GITHUB_TOKEN": "tok", "GITHUB_SERVER_URL": "https://github.com"])
        #expect(github["GIT_CONFIG_COUNT"] == "1")
        #expect(github["GIT_CONFIG_KEY_0"] == "http.https://github.com/.extraheader")
        #expect(github["GIT_CONFIG_VALUE_0"] == "AUTHORIZATION: basic " + Data("x-access-token:tok".utf8).base64EncodedString())
        let gitlab = CICredentials.gitEnvironment(environment: ["GITLAB_CI": "true", "HEALER_GITLAB_TOKEN": "glpat", "CI_SERVER_URL": "https://gitlab.example.com", "GIT_CONFIG_COUNT": "2"])
        #expect(gitlab["GIT_CONFIG_COUNT"] == "3")
        #expect(gitlab["GIT_CONFIG_KEY_2"] == "http.https://gitlab.example.com/.extraheader")
        #expect(CICredentials.gitEnvironment(environment: ["GITLAB_CI": "true"]).isEmpty)
    }
}
