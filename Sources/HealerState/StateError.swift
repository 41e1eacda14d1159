// The errors of the run-state layer.
import HealerSystem

/// An event that the state machine refuses.
package struct TransitionError: ActionableError, Equatable {
    /// Why the event was refused.
    package enum Kind: Sendable, Equatable {
        /// The event is not allowed in the stage; the allowed ones are listed.
        case notAllowed([Event.Kind])
        /// The event's payload is unusable.
        case invalidPayload(String)
        /// An event with the same id is in the history already.
        case alreadyApplied
    }
    /// The run.
    package var run: String
    /// The stage the run was in.
    package var stage: Stage
    /// The refused event's kind.
    package var event: Event.Kind
    /// Why.
    package var kind: Kind

    /// Creates an error.
    package init(run: String, stage: Stage, event: Event.Kind, kind: Kind) {
        self.run = run
        self.stage = stage
        self.event = event
        self.kind = kind
    }

    package var description: String {
        switch kind {
        case .notAllowed(let allowed):
            let list = allowed.isEmpty ? "none" : allowed.map(\.rawValue).joined(separator: ", ")
            return "run \(run): event '\(event)' is not allowed in stage '\(stage.rawValue)' (allowed: \(list))"
        case .invalidPayload(let why):
            return "run \(run): event '\(event)' in stage '\(stage.rawValue)' is invalid: \(why)"
        case .alreadyApplied:
            return "run \(run): event '\(event)' was applied already"
        }
    }
    /// The refusal.
    package var what: String { description }
    /// `nil`: the refusal lists what is allowed.
    package var fix: String? { nil }
    /// Always usage: the event asked for cannot happen, and nothing was changed.
    package var exitClass: ExitClass { .usage }
}

/// A run document that cannot be read.
package struct DocumentError: ActionableError, Equatable {
    /// The run whose document is broken (or the reference it came from).
    package var run: String
    /// What is wrong, for a person.
    package var problem: String

    /// Creates an error.
    package init(run: String, problem: String) {
        self.run = run
        self.problem = problem
    }

    package var description: String {
        "run \(run): \(problem); fix or remove the note with `healer show \(run)` to inspect it"
    }
    /// The run and its problem.
    package var what: String { "run \(run): \(problem)" }
    /// How to inspect the note.
    package var fix: String? { "fix or remove the note with `healer show \(run)` to inspect it" }
    /// Always usage: the input (the note) is broken; nothing was changed.
    package var exitClass: ExitClass { .usage }
}
