// The audit trail of a run: its notes commits, oldest first.
import HealerGit
import HealerState

/// One transition in a run's audit trail.
package struct LogEntry: Sendable, Equatable, Codable {
    /// The notes commit.
    package var commit: String
    /// The commit subject (`healer: planned (requested -> planned) by request-planner`).
    package var subject: String
    /// The event's name (`requested` for the creation).
    package var event: String
    /// The event id, when the entry is an event.
    package var eventID: String?
    /// The stage after the transition.
    package var stage: String
    /// The commit time, in seconds since 1970.
    package var time: Int64
}

extension RunStore {
    /// The run's transitions, oldest first (blob-keeping commits are left out).
    package func log(_ id: String) throws(StoreError) -> [LogEntry] {
        guard let head = try git({ () throws(GitError) in try repository.reference(Self.reference(of: id)) }) else {
            throw StoreError(.usage, "run \(id) does not exist; list runs with `healer status`")
        }
        let commits = try git { () throws(GitError) in try repository.commits(from: nil, to: head, firstParentOnly: true) }
        var entries: [LogEntry] = []
        for id in commits {
            let commit = try git { () throws(GitError) in try repository.commit(id) }
            let message = NotesMessage.parse(commit.message)
            if message.trailer("Healer-Artifact") != nil { continue }
            let event = message.trailer("Healer-Event") == nil ? "requested" : Self.eventName(fromSubject: message.subject)
            entries.append(LogEntry(
                commit: id.hex,
                subject: message.subject,
                event: event,
                eventID: message.trailer("Healer-Event"),
                stage: message.trailer("Healer-Stage") ?? "?",
                time: commit.time
            ))
        }
        return entries
    }

    static func eventName(fromSubject subject: String) -> String {
        let words = subject.split(separator: " ")
        return words.count > 1 ? String(words[1]) : "?"
    }
}
