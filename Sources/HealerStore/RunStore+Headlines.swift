// What `healer status` lists, read from notes-commit trailers instead of whole documents.
import HealerGit
import HealerState

/// A run's one-line summary.
package struct RunHeadline: Sendable, Equatable, Codable {
    /// The run id.
    package var id: String
    /// Its branch.
    package var branch: String
    /// Its stage.
    package var stage: Stage
    /// When it was created (ISO 8601).
    package var created: String?
    /// When it last changed (ISO 8601).
    package var updated: String
    /// The first line of the request.
    package var request: String?
    /// The first line of the failure reason, when it failed.
    package var failure: String?

    /// The headline of a decoded run.
    package init(_ run: Run) {
        id = run.id
        branch = run.branch
        stage = run.stage
        created = run.createdAt
        updated = run.updatedAt
        request = RunStore.oneLine(run.request.text)
        failure = run.failure.map { RunStore.oneLine($0.reason) }
    }

    init(id: String, branch: String, stage: Stage, created: String?, updated: String, request: String?, failure: String?) {
        self.id = id
        self.branch = branch
        self.stage = stage
        self.created = created
        self.updated = updated
        self.request = request
        self.failure = failure
    }
}

extension RunStore {
    /// Every run's headline, oldest first. Each comes from the trailers healer writes on every
    /// notes commit, so no document is decoded; a ref whose head commit lacks them (written by
    /// something else) is decoded in full, and reported as an error when that fails.
    package func headlines() throws(StoreError) -> [Result<RunHeadline, StoreError>] {
        var results: [Result<RunHeadline, StoreError>] = []
        for reference in try git({ () throws(GitError) in try repository.references(matching: Self.runsPrefix + "*") }) {
            let id = String(reference.name.dropFirst(Self.runsPrefix.count))
            if let commit = try? repository.commit(reference.target) {
                let message = NotesMessage.parse(commit.message)
                if message.trailer("Healer-Run") == id, let stage = message.trailer("Healer-Stage").flatMap(Stage.init(rawValue:)),
                   let branch = message.trailer("Healer-Branch"), let updated = message.trailer("Healer-Updated") {
                    results.append(.success(RunHeadline(id: id, branch: branch, stage: stage, created: message.trailer("Healer-Created"),
                                                        updated: updated, request: message.trailer("Healer-Request"),
                                                        failure: message.trailer("Healer-Failure"))))
                    continue
                }
            }
            do { results.append(.success(RunHeadline(try load(id, at: reference.target).run))) } catch { results.append(.failure(error)) }
        }
        return results
    }
}
