// Keeps one comment per run on a pull/merge request up to date.
import Foundation
import HealerHeal
import HealerRuns
import HealerWorkspace

/// Posts the run's summary on its PR/MR, or edits the comment an earlier job posted (found by
/// ``ReviewThread/marker(run:)``), so a run has one comment that follows it.
package struct ReviewCommenter: Sendable {
    /// The repository's API.
    package var api: ReviewAPI
    /// The PR number or MR iid.
    package var number: Int

    /// Creates a commenter for PR/MR `number`.
    package init(api: ReviewAPI, number: Int) {
        self.api = api
        self.number = number
    }

    /// What ``upsert(run:body:)`` did.
    package enum Outcome: String, Sendable, Equatable { case created, updated }

    /// Creates or edits the run's comment so it reads `body` (the marker is added).
    ///
    /// - Throws: ``TriggerError/Code/network`` when the API cannot be reached or refuses.
    package func upsert(run: String, body: String) async throws(TriggerError) -> Outcome {
        let marker = ReviewThread.marker(run: run)
        let text = marker + "\n" + body
        if let existing = try await findComment(containing: marker) {
            _ = try await api.send(api.provider == .github ? "PATCH" : "PUT", commentPath(existing), body: ["body": text], hint: hint)
            return .updated
        }
        _ = try await api.send("POST", commentsPath, body: ["body": text], hint: hint)
        return .created
    }

    private var hint: String {
        api.provider == .github ? "the job needs `pull-requests: write`" : "HEALER_GITLAB_TOKEN needs the api scope"
    }

    private var commentsPath: String {
        switch api.provider {
        case .github: api.projectPath + "/issues/\(number)/comments"
        case .gitlab: api.projectPath + "/merge_requests/\(number)/notes"
        }
    }

    private func commentPath(_ id: Int) -> String {
        switch api.provider {
        case .github: api.projectPath + "/issues/comments/\(id)"
        case .gitlab: commentsPath + "/\(id)"
        }
    }

    /// The id of the first comment whose body contains `marker`, looking at up to 300 comments.
    private func findComment(containing marker: String) async throws(TriggerError) -> Int? {
        for page in 1...3 {
            let comments = try await api.list(commentsPath + "?per_page=100&page=\(page)", hint: hint)
            if let match = comments.first(where: { ($0["body"] as? String)?.contains(marker) == true }), let id = match["id"] as? Int {
                return id
            }
            if comments.count < 100 { return nil }
        }
        return nil
    }
}
