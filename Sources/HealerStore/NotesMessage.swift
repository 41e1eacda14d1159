// The commit messages of notes commits: a subject naming the transition, the event, trailers.
import HealerGit
import HealerState

/// The message of one notes commit in a run's ref.
///
/// ```
/// healer: planned (requested -> planned) by request-planner
///
/// <the event as YAML>
///
/// Healer-Run: 20261125-064500-k7q2xz
/// Healer-Base: 3f2a...
/// Healer-Event: 9c1e...
/// Healer-Stage: planned
/// ```
struct NotesMessage: Equatable {
    var subject: String
    var eventYAML: String?
    var trailers: [(key: String, value: String)]

    static func == (lhs: NotesMessage, rhs: NotesMessage) -> Bool {
        lhs.subject == rhs.subject && lhs.eventYAML == rhs.eventYAML
            && lhs.trailers.map { "\($0.key)=\($0.value)" } == rhs.trailers.map { "\($0.key)=\($0.value)" }
    }

    func trailer(_ key: String) -> String? { trailers.last { $0.key == key }?.value }

    var text: String {
        var text = subject + "\n\n"
        if let eventYAML { text += "--- event\n" + eventYAML + (eventYAML.hasSuffix("\n") ? "" : "\n") + "...\n\n" }
        text += trailers.map { "\($0.key): \($0.value)" }.joined(separator: "\n") + "\n"
        return text
    }

    static func parse(_ message: String) -> NotesMessage {
        let subject = String(message.prefix { $0 != "\n" })
        var eventYAML: String?
        if let start = message.range(of: "\n--- event\n"), let end = message.range(of: "\n...\n", range: start.upperBound..<message.endIndex) {
            eventYAML = String(message[start.upperBound..<end.lowerBound]) + "\n"
        }
        let trailers = Trailers(message: message).entries.filter { $0.key.hasPrefix("Healer-") }.map { (key: $0.key, value: $0.value) }
        return NotesMessage(subject: subject, eventYAML: eventYAML, trailers: trailers)
    }
}

import Foundation
