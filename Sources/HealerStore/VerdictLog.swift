// Build and test verdicts per commit, shared by every branch: notes in refs/healer/ci.
import Foundation
import HealerGit
import HealerState

/// One verdict on one commit, stored as a JSON line in the commit's note in `refs/healer/ci`.
package struct VerdictEntry: Codable, Sendable, Equatable {
    /// Green, red or skip (written as `green`, `red`, `skip`).
    package var status: Verdict
    /// Who produced it (`build`, `heal`, `ci`, `hook`).
    package var by: String
    /// When (ISO 8601).
    package var at: String
    /// The run it belongs to, if any.
    package var run: String?
    /// Failing tests, when known.
    package var failing: [String]?
    /// The log blob, when kept.
    package var log: String?
    /// The test command, when it was not the project's own (`healer heal --test CMD`); `nil` for
    /// the configured or detected command. A green verdict under a narrower command (such as
    /// `swift test --filter One`) says nothing about the whole suite.
    package var command: String?

    /// Creates an entry.
    package init(status: Verdict, by: String, at: String, run: String? = nil, failing: [String]? = nil, log: String? = nil, command: String? = nil) {
        self.status = status
        self.by = by
        self.at = at
        self.run = run
        self.failing = failing
        self.log = log
        self.command = command
    }
}

/// Reads and appends verdicts in `refs/healer/ci`.
///
/// A note holds one JSON object per line, so two writers' notes merge by taking the union of
/// their lines (what ``Synchronizer`` does for this ref), and never by merging YAML text.
package struct VerdictLog {
    /// The notes reference.
    package static let reference = "refs/healer/ci"
    /// The repository.
    package let repository: Repository

    /// Creates a log over `repository`.
    package init(repository: Repository) { self.repository = repository }

    /// The verdicts on `commit`, oldest first.
    package func verdicts(on commit: ObjectID) throws(StoreError) -> [VerdictEntry] {
        guard let head = try git({ () throws(GitError) in try repository.reference(Self.reference) }) else { return [] }
        guard let text = try git({ () throws(GitError) in try repository.note(on: commit, inNotesCommit: head) }) else { return [] }
        let decoder = JSONDecoder()
        return text.split(separator: "\n").compactMap { try? decoder.decode(VerdictEntry.self, from: Data($0.utf8)) }
    }

    /// Appends a verdict on `commit` (compare-and-swap, under the writer lock).
    package func append(_ entry: VerdictEntry, on commit: ObjectID) throws(StoreError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let line = (try? encoder.encode(entry)).map({ String(decoding: $0, as: UTF8.self) }) else { return }
        try git { () throws(GitError) in
            let lock = try repository.lockForWriting(Self.reference)
            defer { lock.release() }
            let head = try repository.reference(Self.reference)
            let existing = try head.flatMap { h throws(GitError) in try repository.note(on: commit, inNotesCommit: h) } ?? ""
            let content = existing + (existing.isEmpty || existing.hasSuffix("\n") ? "" : "\n") + line + "\n"
            let message = "healer: \(entry.status.rawValue) verdict on \(commit.short) by \(entry.by)\n"
            let next = try repository.createNotesCommit(parent: head, annotating: commit, content: content, message: message)
            try repository.updateReference(Self.reference, to: next, expected: head, message: "healer: verdict")
        }
    }

    /// The newest commit on `from`'s first-parent chain whose latest verdict is green,
    /// looking back at most `limit` commits. Verdicts of another override command are passed
    /// over: those of the project's own command (`command == nil`) always count, those of
    /// `command` only when it is given.
    package func lastGreen(before from: ObjectID, command: String? = nil, limit: Int = 10_000) throws(StoreError) -> ObjectID? {
        guard try git({ () throws(GitError) in try repository.reference(Self.reference) }) != nil else { return nil }
        var current: ObjectID? = from
        var seen = 0
        while let commit = current, seen < limit {
            let relevant = try verdicts(on: commit).filter { $0.command == nil || $0.command == command }
            if relevant.last?.status == .green { return commit }
            current = try git { () throws(GitError) in try repository.commit(commit) }.parents.first
            seen += 1
        }
        return nil
    }
}
