// One line per run, for `healer status`.
import Foundation
import HealerState
import HealerStore

/// A run's summary: what `healer status` shows.
package struct RunSummary: Codable, Sendable, Equatable {
    /// The run id.
    package var id: String
    /// The run's branch.
    package var branch: String
    /// The stage (`null` when the document is unreadable).
    package var stage: Stage?
    /// When the run last changed (ISO 8601).
    package var updated: String?
    /// When it was created.
    package var created: String?
    /// The request text.
    package var request: String?
    /// Why it failed, if it did.
    package var failure: String?
    /// Why the document cannot be read, if it cannot.
    package var error: String?

    /// A summary from a headline.
    package init(_ headline: RunHeadline) {
        id = headline.id
        branch = headline.branch
        stage = headline.stage
        updated = headline.updated
        created = headline.created
        request = headline.request
        failure = headline.failure
        error = nil
    }

    /// A summary of an unreadable run.
    package init(id: String, error: String) {
        self.id = id
        branch = ""
        self.error = error
    }
}

extension Workspace {
    /// Every run, oldest first; unreadable runs carry an ``RunSummary/error``.
    package func summaries() throws(PipelineError) -> [RunSummary] {
        try pipeline { try store.headlines() }.map { result in
            switch result {
            case .success(let headline): return RunSummary(headline)
            case .failure(let error):
                let id = error.message.split(separator: ":").first.map { String($0.dropFirst("run ".count)) } ?? "?"
                return RunSummary(id: id, error: error.message)
            }
        }
    }
}
