// GitHub Actions events: labelled pull requests, failed workflow runs, pushes, manual dispatch.
import Foundation
import HealerHeal
import HealerRuns
import HealerWorkspace

extension CIEvent {
    /// The pull request actions that create or advance a run.
    package static let pullRequestActions: Set<String> = ["labeled", "synchronize", "opened", "reopened"]

    static func github(environment: [String: String], payload data: Data?, label: String) throws(TriggerError) -> CIEvent {
        let name = environment["GITHUB_EVENT_NAME"] ?? ""
        guard let data else {
            throw TriggerError(.invalidInput, "GITHUB_EVENT_PATH is not set; healer ci needs the event payload that GitHub Actions provides")
        }
        let payload: JSONValue
        do {
            payload = JSONValue(try JSONSerialization.jsonObject(with: data))
        } catch {
            throw TriggerError(.invalidInput, "the GitHub event payload is not JSON; check GITHUB_EVENT_PATH", underlying: error)
        }
        let defaultBranch = payload["repository"]["default_branch"].string
        let action: CIAction
        switch name {
        case "pull_request", "pull_request_target": action = pullRequestAction(payload, label: label)
        case "workflow_run": action = workflowRunAction(payload, defaultBranch: defaultBranch)
        case "push": action = pushAction(payload, environment: environment, defaultBranch: defaultBranch)
        case "workflow_dispatch": action = dispatchAction(payload, environment: environment)
        default: action = .nothing(reason: "GitHub event '\(name)' does not concern healer")
        }
        return CIEvent(provider: .github, name: name, defaultBranch: defaultBranch, label: label, action: action)
    }

    /// A pull request event: a run for an open, labelled pull request from this repository.
    private static func pullRequestAction(_ payload: JSONValue, label: String) -> CIAction {
        let pr = payload["pull_request"]
        let number = pr["number"].int.map { "#\($0)" } ?? "the pull request"
        let action = payload["action"].string ?? ""
        guard pullRequestActions.contains(action) else {
            return .nothing(reason: "pull request \(number) was \(action.isEmpty ? "changed" : action); only \(pullRequestActions.sorted().joined(separator: ", ")) advance a run")
        }
        if pr["state"].string == "closed" {
            return .nothing(reason: "pull request \(number) is closed")
        }
        let labels = pr["labels"].array.compactMap { $0["name"].string }
        guard labels.contains(label) else {
            return .nothing(reason: "pull request \(number) does not carry the label '\(label)'")
        }
        let head = pr["head"]["repo"]["full_name"].string, base = pr["base"]["repo"]["full_name"].string
        if let head, let base, head != base {
            return .nothing(reason: "pull request \(number) comes from the fork \(head); healer cannot push to it")
        }
        guard let branch = pr["head"]["ref"].string, !branch.isEmpty else {
            return .nothing(reason: "pull request \(number) has no head branch in the payload")
        }
        return .createOrAdvanceRun(branch: branch, title: pr["title"].string ?? "", body: pr["body"].string ?? "",
                                   reference: pr["html_url"].string ?? number)
    }

    /// A finished workflow run: the Verifier for a failed push workflow on the default branch.
    private static func workflowRunAction(_ payload: JSONValue, defaultBranch: String?) -> CIAction {
        let run = payload["workflow_run"]
        let workflow = run["name"].string ?? "the workflow"
        let conclusion = run["conclusion"].string ?? "unknown"
        guard conclusion == "failure" else {
            return .nothing(reason: "\(workflow) concluded '\(conclusion)'; only a failure calls the Verifier")
        }
        guard let branch = run["head_branch"].string, let sha = run["head_sha"].string else {
            return .nothing(reason: "the workflow_run payload names no branch or commit")
        }
        guard branch == defaultBranch else {
            return .nothing(reason: "\(workflow) failed on '\(branch)', not on the default branch '\(defaultBranch ?? "?")'")
        }
        if let trigger = run["event"].string, trigger != "push" {
            return .nothing(reason: "\(workflow) failed for a '\(trigger)' event; only pushes to the default branch are healed")
        }
        return .verify(branch: branch, sha: sha)
    }

    /// A push: the Verifier when the default branch's pipeline reported a failure.
    private static func pushAction(_ payload: JSONValue, environment: [String: String], defaultBranch: String?) -> CIAction {
        let branch = Self.branch(fromRef: environment["GITHUB_REF"] ?? payload["ref"].string ?? "")
        guard let branch, branch == defaultBranch else {
            return .nothing(reason: "a push to '\(branch ?? environment["GITHUB_REF"] ?? "?")', not to the default branch")
        }
        guard pipelineFailed(environment) else {
            return .nothing(reason: "a push to '\(branch)' with no failure reported (set HEALER_PIPELINE_STATUS=failed in a step that runs `if: failure()`)")
        }
        return .verify(branch: branch, sha: environment["GITHUB_SHA"] ?? payload["after"].string ?? "")
    }

    /// A manual dispatch: the Verifier on the given commit (input `sha`), else the branch head.
    private static func dispatchAction(_ payload: JSONValue, environment: [String: String]) -> CIAction {
        guard let branch = Self.branch(fromRef: environment["GITHUB_REF"] ?? payload["ref"].string ?? "") else {
            return .nothing(reason: "workflow_dispatch on '\(environment["GITHUB_REF"] ?? "?")', which is not a branch")
        }
        let input = payload["inputs"]["sha"].string?.trimmingCharacters(in: .whitespaces) ?? ""
        return .verify(branch: branch, sha: input.isEmpty ? (environment["GITHUB_SHA"] ?? "") : input)
    }

    /// `refs/heads/main` → `main`; anything else → `nil`.
    static func branch(fromRef ref: String) -> String? {
        ref.hasPrefix("refs/heads/") ? String(ref.dropFirst("refs/heads/".count)) : nil
    }
}

/// A read-only view of a JSON document: subscripts that return `.none` instead of failing.
struct JSONValue {
    let value: Any?
    init(_ value: Any?) { self.value = value }
    subscript(key: String) -> JSONValue { JSONValue((value as? [String: Any])?[key]) }
    var string: String? { value as? String }
    var int: Int? { (value as? NSNumber)?.intValue }
    var array: [JSONValue] { ((value as? [Any]) ?? []).map(JSONValue.init) }
}
