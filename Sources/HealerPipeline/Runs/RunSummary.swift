// One line per run, for `healer status`.
import Foundation
import HealerState
import HealerStore

/// A run's summary: what `healer status` shows.
public struct RunSummary: Codable, Sendable, Equatable {
    /// The run id.
    public var id: String
    /// The run's branch.
    public var branch: String
    /// The stage (`null` when the document is unreadable).
    public var stage: String?
    /// When the run last changed (ISO 8601).
    public var updated: String?
    /// When it was created.
    public var created: String?
    /// The request text.
    public var request: String?
    /// Why it failed, if it did.
    public var failure: String?
    /// Why the document cannot be read, if it cannot.
    public var error: String?

    /// A summary from a headline.
    public init(_ headline: RunHeadline) {
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
    public init(id: String, error: String) {
        self.id = id
        branch = ""
        self.error = error
    }
}

extension Workspace {
    /// Every run, oldest first; unreadable runs carry an ``RunSummary/error``.
    public func summaries() throws(PipelineError) -> [RunSummary] {
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
