// Which pull or merge request a CI job runs for, read from the CI environment. Pure.
import Foundation
import HealerHeal
import HealerRuns

/// The pull request (GitHub) or merge request (GitLab) conversation of a CI job.
package enum ReviewThread {
    /// The PR number from GitHub's `pull_request` payload, or the MR iid from
    /// `CI_MERGE_REQUEST_IID`; `nil` for other events.
    package static func number(environment: [String: String], payload: Data?) -> Int? {
        if environment["GITHUB_ACTIONS"] == "true" {
            guard let payload, let json = try? JSONSerialization.jsonObject(with: payload) as? [String: Any],
                  let pr = json["pull_request"] as? [String: Any] else { return nil }
            return pr["number"] as? Int
        }
        if environment["GITLAB_CI"] == "true" { return environment["CI_MERGE_REQUEST_IID"].flatMap(Int.init) }
        return nil
    }

    /// The hidden line that marks healer's comment for `run`, so later jobs edit it instead of
    /// adding another.
    package static func marker(run: String) -> String { "<!-- healer-run: \(run) -->" }
}
