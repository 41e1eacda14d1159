// Creating runs: from a request on a new branch, or on an existing (labelled) branch.
import Foundation
import HealerGit
import HealerState
import HealerStore

extension Workspace {
    /// Creates a run for `text` on a new branch `healer/<id>-<slug>` made at `base`.
    ///
    /// - Parameters:
    ///   - text: the request.
    ///   - base: the revision to start from (default: `HEAD`).
    ///   - source: where the request came from.
    ///   - actor: who asked (`user`, `ci`).
    /// - Returns: the new run, in stage `requested`.
    package func request(_ text: String, base: String? = nil, source: Run.Source = Run.Source(kind: .cli),
                        regression: Regression? = nil, actor: String = "user") throws(PipelineError) -> Run {
        let text = try Self.validRequest(text)
        let revision = base ?? "HEAD"
        let baseCommit = try resolveBase(revision)
        let baseBranch: String?
        if let base, (try? repository.reference("refs/heads/" + base)) != nil { baseBranch = base } else { baseBranch = base == nil ? repository.currentBranch() : nil }
        var lastError: StoreError?
        for _ in 0..<5 {
            let id = RunID.make()
            let run = newRun(id: id, branch: "healer/\(id)-\(RunID.slug(text))", base: baseCommit, baseBranch: baseBranch,
                             text: text, source: source, regression: regression)
            do {
                try store.create(run, actor: actor)
            } catch {
                lastError = error
                continue  // an id collision: another process took this id
            }
            try pipeline { try repository.createBranch(run.branch, at: baseCommit) }
            return run
        }
        throw PipelineError(.failure, lastError?.message ?? "cannot create a run")
    }

    /// Creates a run that works on the existing branch `branch` (which must not be the trunk).
    package func label(branch: String, text: String, source: Run.Source = Run.Source(kind: .label), regression: Regression? = nil,
                      actor: String = "user") throws(PipelineError) -> Run {
        let text = try Self.validRequest(text)
        guard let head = try pipeline({ try repository.reference("refs/heads/" + branch) }) else {
            throw PipelineError(.usage, "branch '\(branch)' does not exist; create it first or check `git branch --list`")
        }
        if branch == trunkBranch() {
            throw PipelineError(.usage, "refusing to label the trunk '\(branch)': healer never commits to it; create a feature branch first")
        }
        if let existing = store.runID(forBranch: branch), let stored = try? store.load(existing), !stored.run.stage.isTerminal {
            throw PipelineError(.usage, "branch '\(branch)' already has run \(existing) in stage '\(stored.run.stage.rawValue)'; use it or `healer cancel \(existing)`")
        }
        let trunk = trunkBranch().flatMap { try? repository.reference("refs/heads/" + $0) }
        let base = try trunk.flatMap { t throws(PipelineError) in try pipeline { try repository.mergeBase(t, head) } } ?? head
        var lastError: StoreError?
        for _ in 0..<5 {
            let run = newRun(id: RunID.make(), branch: branch, base: base, baseBranch: trunkBranch(), text: text, source: source, regression: regression)
            do {
                try store.create(run, actor: actor)
            } catch {
                lastError = error
                continue
            }
            try pipeline { try store.indexBranch(branch, run: run.id) }
            return run
        }
        throw PipelineError(.failure, lastError?.message ?? "cannot create a run")
    }

    /// Records a change made by a person or CI (a comment, a cancellation, a retry).
    @discardableResult
    package func record(_ change: Event.Change, run id: String, actor: String = "user") throws(PipelineError) -> Run {
        let event = Event(id: Self.newEventID(), actor: actor, at: Timestamp.now(), change: change)
        return try pipeline { try store.apply(event, to: id) }
    }

    /// A fresh, unique event id.
    package static func newEventID() -> String {
        UUID().uuidString.lowercased()
    }

    private func newRun(id: String, branch: String, base: ObjectID, baseBranch: String?, text: String,
                        source: Run.Source, regression: Regression?) -> Run {
        let settings = configuration.resolved
        return Run(id: id, branch: branch, base: base.hex, baseBranch: baseBranch, request: Run.Request(text: text, source: source),
                   createdAt: Timestamp.now(), limits: settings.limits, budget: settings.budget, regression: regression)
    }

    private func resolveBase(_ revision: String) throws(PipelineError) -> ObjectID {
        do { return try repository.resolve(revision) } catch {
            if revision == "HEAD" {
                throw PipelineError(.usage, "the repository has no commit yet; commit something before asking for a change")
            }
            throw PipelineError.from(error)
        }
    }

    private static func validRequest(_ text: String) throws(PipelineError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw PipelineError(.usage, "the request is empty; say what to change, e.g. healer request \"make the retry delay configurable\"") }
        guard trimmed.utf8.count <= 64 * 1024 else { throw PipelineError(.usage, "the request is over 64 KiB; shorten it") }
        return trimmed
    }
}
