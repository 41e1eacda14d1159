// GitHub Actions events: labelled pull requests, failed workflow runs, pushes, manual dispatch.
import Foundation

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
        func event(_ action: CIAction) -> CIEvent {
            CIEvent(provider: .github, name: name, defaultBranch: defaultBranch, label: label, action: action)
        }

        switch name {
        case "pull_request", "pull_request_target":
            let pr = payload["pull_request"]
            let number = pr["number"].int.map { "#\($0)" } ?? "the pull request"
            let action = payload["action"].string ?? ""
            guard pullRequestActions.contains(action) else {
                return event(.nothing(reason: "pull request \(number) was \(action.isEmpty ? "changed" : action); only \(pullRequestActions.sorted().joined(separator: ", ")) advance a run"))
            }
            if pr["state"].string == "closed" {
                return event(.nothing(reason: "pull request \(number) is closed"))
            }
            let labels = pr["labels"].array.compactMap { $0["name"].string }
            guard labels.contains(label) else {
                return event(.nothing(reason: "pull request \(number) does not carry the label '\(label)'"))
            }
            let head = pr["head"]["repo"]["full_name"].string, base = pr["base"]["repo"]["full_name"].string
            if let head, let base, head != base {
                return event(.nothing(reason: "pull request \(number) comes from the fork \(head); healer cannot push to it"))
            }
            guard let branch = pr["head"]["ref"].string, !branch.isEmpty else {
                return event(.nothing(reason: "pull request \(number) has no head branch in the payload"))
            }
            return event(.createOrAdvanceRun(
                branch: branch,
                title: pr["title"].string ?? "",
                body: pr["body"].string ?? "",
                reference: pr["html_url"].string ?? number
            ))

        case "workflow_run":
            let run = payload["workflow_run"]
            let workflow = run["name"].string ?? "the workflow"
            let conclusion = run["conclusion"].string ?? "unknown"
            guard conclusion == "failure" else {
                return event(.nothing(reason: "\(workflow) concluded '\(conclusion)'; only a failure calls the Verifier"))
            }
            guard let branch = run["head_branch"].string, let sha = run["head_sha"].string else {
                return event(.nothing(reason: "the workflow_run payload names no branch or commit"))
            }
            guard branch == defaultBranch else {
                return event(.nothing(reason: "\(workflow) failed on '\(branch)', not on the default branch '\(defaultBranch ?? "?")'"))
            }
            if let trigger = run["event"].string, trigger != "push" {
                return event(.nothing(reason: "\(workflow) failed for a '\(trigger)' event; only pushes to the default branch are healed"))
            }
            return event(.verify(branch: branch, sha: sha))

        case "push":
            let branch = Self.branch(fromRef: environment["GITHUB_REF"] ?? payload["ref"].string ?? "")
            guard let branch, branch == defaultBranch else {
                return event(.nothing(reason: "a push to '\(branch ?? environment["GITHUB_REF"] ?? "?")', not to the default branch"))
            }
            guard pipelineFailed(environment) else {
                return event(.nothing(reason: "a push to '\(branch)' with no failure reported (set HEALER_PIPELINE_STATUS=failed in a step that runs `if: failure()`)"))
            }
            let sha = environment["GITHUB_SHA"] ?? payload["after"].string ?? ""
            return event(.verify(branch: branch, sha: sha))

        case "workflow_dispatch":
            guard let branch = Self.branch(fromRef: environment["GITHUB_REF"] ?? payload["ref"].string ?? "") else {
                return event(.nothing(reason: "workflow_dispatch on '\(environment["GITHUB_REF"] ?? "?")', which is not a branch"))
            }
            let input = payload["inputs"]["sha"].string?.trimmingCharacters(in: .whitespaces) ?? ""
            let sha = input.isEmpty ? (environment["GITHUB_SHA"] ?? "") : input
            return event(.verify(branch: branch, sha: sha))

        default:
            return event(.nothing(reason: "GitHub event '\(name)' does not concern healer"))
        }
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
