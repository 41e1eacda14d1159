// Opens a pull request (GitHub) or merge request (GitLab) for a branch healer pushed, once.
import Foundation
import HealerHeal
import HealerRuns
import HealerWorkspace

/// Proposes a branch for review: finds the open PR/MR from it, or opens one.
package struct ReviewRequestOpener: Sendable {
    /// The repository's API.
    package var api: ReviewAPI

    /// Creates an opener.
    package init(api: ReviewAPI) {
        self.api = api
    }

    /// What ``open(branch:base:title:body:)`` found or did, with the PR/MR's web address.
    package struct Outcome: Sendable, Equatable {
        /// Whether this call opened it (false: one was open already).
        package var created: Bool
        /// Its web address (`html_url`, `web_url`), when the API said.
        package var url: String?
    }

    /// Opens a PR/MR from `branch` into `base`, unless one from `branch` is open already.
    ///
    /// - Throws: ``TriggerError/Code/network`` when the API cannot be reached or refuses (on
    ///   GitHub, creating pull requests with `GITHUB_TOKEN` also needs the repository setting
    ///   "Allow GitHub Actions to create and approve pull requests").
    package func open(branch: String, base: String, title: String, body: String) async throws(TriggerError) -> Outcome {
        let encodedBranch = branch.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+"))) ?? branch
        switch api.provider {
        case .github:
            let owner = api.project.split(separator: "/").first.map(String.init) ?? ""
            let existing = try await api.list(api.projectPath + "/pulls?state=open&head=\(owner):\(encodedBranch)", hint: hint)
            if let first = existing.first { return Outcome(created: false, url: first["html_url"] as? String) }
            let data = try await api.send("POST", api.projectPath + "/pulls", body: ["title": title, "head": branch, "base": base, "body": body], hint: hint)
            return Outcome(created: true, url: Self.field("html_url", in: data))
        case .gitlab:
            let existing = try await api.list(api.projectPath + "/merge_requests?state=opened&source_branch=\(encodedBranch)", hint: hint)
            if let first = existing.first { return Outcome(created: false, url: first["web_url"] as? String) }
            let data = try await api.send("POST", api.projectPath + "/merge_requests", body: [
                "source_branch": branch, "target_branch": base, "title": title, "description": body, "remove_source_branch": true,
            ], hint: hint)
            return Outcome(created: true, url: Self.field("web_url", in: data))
        }
    }

    private var hint: String {
        api.provider == .github
            ? "the job needs `pull-requests: write`, and the repository must allow GitHub Actions to create pull requests (Settings → Actions → General)"
            : "HEALER_GITLAB_TOKEN needs the api scope"
    }

    private static func field(_ name: String, in data: Data) -> String? {
        (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?[name] as? String
    }
}
