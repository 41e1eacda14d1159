// The pull or merge request conversation a CI job can comment on, read from the CI environment. Pure.
import Foundation

/// A GitHub pull request or GitLab merge request that `healer ci` keeps one comment on.
public struct ReviewThread: Sendable, Equatable {
    /// The CI system.
    public var provider: CIProvider
    /// The REST API's base URL (`GITHUB_API_URL`, `CI_API_V4_URL`).
    public var api: String
    /// `owner/repo` on GitHub, the numeric project id on GitLab.
    public var project: String
    /// The PR number or MR iid.
    public var number: Int

    /// Creates a thread.
    public init(provider: CIProvider, api: String, project: String, number: Int) {
        self.provider = provider
        self.api = api.hasSuffix("/") ? String(api.dropLast()) : api
        self.project = project
        self.number = number
    }

    /// The thread of the PR/MR event in `environment` (`payload` is GitHub's event JSON), or
    /// `nil` for other events.
    public static func detect(environment: [String: String], payload: Data?) -> ReviewThread? {
        if environment["GITHUB_ACTIONS"] == "true" {
            guard let payload, let json = try? JSONSerialization.jsonObject(with: payload) as? [String: Any],
                  let pr = json["pull_request"] as? [String: Any], let number = pr["number"] as? Int,
                  let repository = environment["GITHUB_REPOSITORY"] ?? ((json["repository"] as? [String: Any])?["full_name"] as? String)
            else { return nil }
            return ReviewThread(provider: .github, api: environment["GITHUB_API_URL"] ?? "https://api.github.com", project: repository, number: number)
        }
        if environment["GITLAB_CI"] == "true", let iid = environment["CI_MERGE_REQUEST_IID"].flatMap(Int.init),
           let project = environment["CI_MERGE_REQUEST_PROJECT_ID"] ?? environment["CI_PROJECT_ID"], let api = environment["CI_API_V4_URL"] {
            return ReviewThread(provider: .gitlab, api: api, project: project, number: iid)
        }
        return nil
    }

    /// The token that may comment: `HEALER_GITHUB_TOKEN` or `GITHUB_TOKEN`; `HEALER_GITLAB_TOKEN`.
    public func token(environment: [String: String]) -> String? {
        let names = provider == .github ? ["HEALER_GITHUB_TOKEN", "GITHUB_TOKEN"] : ["HEALER_GITLAB_TOKEN"]
        return names.lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
    }

    /// The hidden line that marks healer's comment for `run`, so later jobs edit it instead of
    /// adding another.
    public static func marker(run: String) -> String { "<!-- healer-run: \(run) -->" }
}
