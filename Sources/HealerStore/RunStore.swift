// Runs stored as notes refs: one ref per run, one notes commit per transition.
import Foundation
import HealerGit
import HealerState

/// A run as read from its notes ref: the document and the notes commit it came from.
package struct StoredRun: Sendable {
    /// The run document.
    package var run: Run
    /// The notes commit the ref points to.
    package var head: ObjectID
}

/// Reads and writes runs under `refs/healer/runs/<id>`.
///
/// Layout:
/// - `refs/healer/runs/<id>` is a notes ref. The note on the run's base commit is the run
///   document (YAML). Large payloads are blobs that annotate themselves (the note on blob *B*
///   is *B*), so they are reachable from the ref and travel with `git push`.
/// - Each transition is one notes commit whose subject names it, whose body holds the event
///   as YAML (so a sync can re-apply it), and whose trailers give the run, base and stage.
/// - `refs/healer/branches/<branch>` points at a blob holding the run id, for runs on
///   branches whose name does not carry the id (labelled branches).
///
/// Every write holds a per-run writer lock and moves the ref with compare-and-swap, so two
/// processes never lose an update and a killed writer leaves the previous state intact.
package struct RunStore {
    /// The reference prefix of run refs.
    package static let runsPrefix = "refs/healer/runs/"
    /// The reference prefix of the branch index.
    package static let branchesPrefix = "refs/healer/branches/"

    /// The repository.
    package let repository: Repository

    /// Creates a store over `repository`.
    package init(repository: Repository) {
        self.repository = repository
    }

    /// The ref of a run.
    package static func reference(of id: String) -> String { runsPrefix + id }

    // MARK: Reading

    /// The ids of all runs, oldest first.
    package func runIDs() throws(StoreError) -> [String] {
        try git { () throws(GitError) in try repository.references(matching: Self.runsPrefix + "*") }
            .map { String($0.name.dropFirst(Self.runsPrefix.count)) }
    }

    /// Reads one run.
    ///
    /// - Throws: ``StoreError`` (input) when the run does not exist or its document is broken.
    package func load(_ id: String) throws(StoreError) -> StoredRun {
        guard let head = try git({ () throws(GitError) in try repository.reference(Self.reference(of: id)) }) else {
            throw StoreError(.usage, "run \(id) does not exist; list runs with `healer status` (fetch others' with `healer sync`)")
        }
        return try load(id, at: head)
    }

    /// Reads the run document as it was in the notes commit `head`.
    package func load(_ id: String, at head: ObjectID) throws(StoreError) -> StoredRun {
        let text = try documentText(id, at: head)
        do {
            let run = try Run.decode(yaml: text, run: id)
            guard run.id == id else {
                throw StoreError(.usage, "run \(id): the state note belongs to run '\(run.id)'; the ref was copied by hand, remove it with `git update-ref -d \(Self.reference(of: id))`")
            }
            return StoredRun(run: run, head: head)
        } catch let error as DocumentError {
            throw StoreError(wrapping: error)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.usage, "run \(id): \(error)")
        }
    }

    /// The raw text of the run document in the notes commit `head`.
    package func documentText(_ id: String, at head: ObjectID) throws(StoreError) -> String {
        let commit = try git { () throws(GitError) in try repository.commit(head) }
        let message = NotesMessage.parse(commit.message)
        guard let baseText = message.trailer("Healer-Base"), let base = ObjectID(hex: baseText) else {
            throw StoreError(.usage, "run \(id): notes commit \(head.short) has no Healer-Base trailer, so healer cannot find the state note; it was not written by healer")
        }
        guard let text = try git({ () throws(GitError) in try repository.note(on: base, inNotesCommit: head) }) else {
            throw StoreError(.usage, "run \(id): there is no state note on the base commit \(base.short)")
        }
        return text
    }

    /// The run working on `branch`, if any.
    package func runID(forBranch branch: String) -> String? {
        if branch.hasPrefix("healer/") {
            let rest = branch.dropFirst("healer/".count)
            let candidate = String(rest.prefix(22))
            if RunID.isValid(candidate), (try? repository.reference(Self.reference(of: candidate))) != nil { return candidate }
        }
        guard let blob = try? repository.reference(Self.branchesPrefix + branch),
              let data = try? repository.blob(blob) else { return nil }
        let id = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return RunID.isValid(id) ? id : nil
    }

    /// Finds a run from what a person typed: an id, a unique id prefix or suffix, or a branch.
    package func resolve(_ text: String) throws(StoreError) -> String {
        if RunID.isValid(text) {
            if try git({ () throws(GitError) in try repository.reference(Self.reference(of: text)) }) != nil { return text }
            throw StoreError(.usage, "run \(text) does not exist; list runs with `healer status` (fetch others' with `healer sync`)")
        }
        if let id = runID(forBranch: text) { return id }
        let matches = try runIDs().filter { $0.hasPrefix(text) || $0.hasSuffix(text) }
        if matches.count == 1 { return matches[0] }
        if matches.isEmpty {
            throw StoreError(.usage, "no run matches '\(text)'; list runs with `healer status`")
        }
        throw StoreError(.usage, "'\(text)' matches \(matches.count) runs (\(matches.prefix(3).joined(separator: ", "))...); give more of the id")
    }

    // MARK: Writing

    /// Stores a new run in stage `requested` and points the branch index at it.
    ///
    /// - Throws: ``StoreError`` when a run with the same id exists (pick a new id and retry).
    package func create(_ run: Run, actor: String) throws(StoreError) {
        guard let base = ObjectID(hex: run.base) else { throw StoreError(.usage, "run \(run.id): base '\(run.base)' is not a commit id") }
        let reference = Self.reference(of: run.id)
        let message = NotesMessage(
            subject: "healer: requested (run \(run.id)) by \(actor)",
            eventYAML: nil,
            trailers: Self.trailers(run: run, eventID: nil)
        )
        try git { () throws(GitError) in
            let lock = try repository.lockForWriting(reference)
            defer { lock.release() }
            let commit = try repository.createNotesCommit(parent: nil, annotating: base, content: run.yaml(), message: message.text)
            try repository.updateReference(reference, to: commit, expected: nil, message: "healer: create run")
        }
    }

    /// Applies events to a run in one compare-and-swap write.
    ///
    /// `makeEvents` sees the current run and returns the events to apply (it may be called
    /// again if another writer got in first). Blobs in `artifacts` are stored and kept
    /// reachable in the same write.
    /// - Returns: the run after the events.
    @discardableResult
    package func update(_ id: String, artifacts: [Data] = [], _ makeEvents: (Run) throws(StoreError) -> [Event]) throws(StoreError) -> Run {
        let reference = Self.reference(of: id)
        let lock = try git { () throws(GitError) in try repository.lockForWriting(reference) }
        defer { lock.release() }
        for attempt in 0..<5 {
            let stored = try load(id)
            var run = stored.run
            let events = try makeEvents(run)
            guard let base = ObjectID(hex: run.base) else { throw StoreError(.usage, "run \(id): base '\(run.base)' is not a commit id") }
            var head = stored.head
            for data in artifacts {
                head = try git { () throws(GitError) in try storeArtifact(data, parent: head, runID: id, base: run.base) }
            }
            for event in events {
                let next: Run
                do { next = try run.applying(event) } catch { throw StoreError(wrapping: error) }
                let message = Self.message(for: event, before: run, after: next)
                let parent = head
                head = try git { () throws(GitError) in
                    try repository.createNotesCommit(parent: parent, annotating: base, content: next.yaml(), message: message.text)
                }
                run = next
            }
            do {
                try repository.updateReference(reference, to: head, expected: stored.head, message: "healer: \(events.map(\.kind.rawValue).joined(separator: ", "))")
                return run
            } catch where error.code == .referenceModified && attempt < 4 {
                continue
            } catch {
                throw StoreError(wrapping: error)
            }
        }
        throw StoreError(.failure, "run \(id) kept changing under healer; try again")
    }

    /// Applies one event.
    @discardableResult
    package func apply(_ event: Event, to id: String) throws(StoreError) -> Run {
        try update(id) { _ throws(StoreError) in [event] }
    }

    /// Stores `data` as a blob that is kept reachable from the run's ref; returns its id.
    ///
    /// The blob annotates itself: the note on blob B is B. NUL bytes (which notes cannot hold)
    /// become U+FFFD.
    func storeArtifact(_ data: Data, parent: ObjectID, runID: String, base: String) throws(GitError) -> ObjectID {
        let text = String(decoding: data.map { $0 == 0 ? 0x3F : $0 }, as: UTF8.self)
        let blob = try repository.writeBlob(Data(text.utf8))
        let message = NotesMessage(subject: "healer: keep blob \(blob.short)", eventYAML: nil, trailers: [
            ("Healer-Run", runID), ("Healer-Base", base), ("Healer-Artifact", blob.hex),
        ])
        return try repository.createNotesCommit(parent: parent, annotating: blob, content: text, message: message.text)
    }

    /// Writes a blob for a run (a log, a transcript) so it can be referenced from an event.
    ///
    /// The blob becomes reachable from the run's ref with the next ``update(_:artifacts:_:)``
    /// that lists the same data; use ``blobID(for:)`` to know its id beforehand.
    package func blobID(for data: Data) throws(StoreError) -> String {
        let text = String(decoding: data.map { $0 == 0 ? 0x3F : $0 }, as: UTF8.self)
        return try git { () throws(GitError) in try repository.writeBlob(Data(text.utf8)).hex }
    }

    /// Points `refs/healer/branches/<branch>` at a blob holding the run id.
    package func indexBranch(_ branch: String, run id: String) throws(StoreError) {
        try git { () throws(GitError) in
            let blob = try repository.writeBlob(Data((id + "\n").utf8))
            let reference = Self.branchesPrefix + branch
            let current = try repository.reference(reference)
            if current == blob { return }
            try repository.updateReference(reference, to: blob, expected: current, message: "healer: branch index")
        }
    }

    // MARK: Messages

    /// The trailers of a notes commit: enough for `healer status` to list a run without
    /// decoding its document (``headlines()``).
    static func trailers(run: Run, eventID: String?) -> [(key: String, value: String)] {
        var trailers: [(key: String, value: String)] = [
            ("Healer-Run", run.id), ("Healer-Base", run.base), ("Healer-Stage", run.stage.rawValue),
            ("Healer-Branch", run.branch), ("Healer-Created", run.createdAt), ("Healer-Updated", run.updatedAt),
            ("Healer-Request", oneLine(run.request.text)),
        ]
        if let failure = run.failure { trailers.append(("Healer-Failure", oneLine(failure.reason))) }
        if let eventID { trailers.append(("Healer-Event", eventID)) }
        return trailers
    }

    /// The first line of `text`, at most 100 characters, for a trailer.
    static func oneLine(_ text: String) -> String {
        let line = text.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? ""
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.count > 100 ? String(trimmed.prefix(99)) + "…" : trimmed
    }

    static func message(for event: Event, before: Run, after: Run) -> NotesMessage {
        let arrow = before.stage == after.stage ? before.stage.rawValue : "\(before.stage.rawValue) -> \(after.stage.rawValue)"
        return NotesMessage(
            subject: "healer: \(event.kind) (\(arrow)) by \(event.actor)",
            eventYAML: event.yaml(),
            trailers: trailers(run: after, eventID: event.id)
        )
    }
}
