// Events: the only way a run's state changes.

/// Something that happened to a run, applied by ``Run/applying(_:)``.
///
/// Events carry a unique ``id`` so that re-applying one (after a sync, a retry, a killed
/// process) is recognised and dropped instead of applied twice.
package struct Event: Sendable, Equatable {
    /// Unique id of this event.
    package var id: String
    /// Who caused it: a role name, `user`, `ci` or `sync`.
    package var actor: String
    /// When it happened (ISO 8601, UTC).
    package var at: String
    /// What happened.
    package var change: Change
    /// Model usage the step spent to produce this event, charged to the run's budget.
    package var usage: Usage?

    /// Creates an event.
    package init(id: String, actor: String, at: String, change: Change, usage: Usage? = nil) {
        self.id = id
        self.actor = actor
        self.at = at
        self.change = change
        self.usage = usage
    }

    /// What an event changes.
    package enum Change: Sendable, Equatable {
        /// The Request-Planner recorded a plan.
        case planned(Plan)
        /// The Code-Planner recorded coding tasks.
        case tasked([CodingTask])
        /// The Coding-Agent committed the tasks.
        case coded([CommitRecord])
        /// The Build/CI Runner recorded a verdict on the branch head.
        case built(BuildResult)
        /// The Test-Planner recorded a test specification.
        case testsPlanned(TestSpec)
        /// The Test-Builder committed tests.
        case testsBuilt([CommitRecord])
        /// The Verifier found the branch green with its tests.
        case verified(BuildResult)
        /// The Verifier found a regression; the loop starts again from coding, or the run fails.
        case regressed(Regression)
        /// The branch was delivered (ready to merge, or a pull request opened).
        case delivered(Delivery)
        /// The run stopped, with a reason.
        case failed(String)
        /// A failed run is resumed at the stage where it failed, with fresh attempts.
        case retried
        /// A remark for the history; the stage does not change.
        case commented(String)
        /// A large payload was stored as a blob; the stage does not change.
        case attached(Artifact)
    }

    /// What kind of event this is (written `planned`, `built`... in history and logs).
    package var kind: Kind { change.kind }

    /// The kinds of event, by the names documents use for them.
    package enum Kind: String, CaseIterable, Sendable, Codable, CustomStringConvertible {
        case planned, tasked, coded, built
        case testsPlanned = "tests_planned"
        case testsBuilt = "tests_built"
        case verified, regressed, delivered, failed, retried, commented, attached

        /// The name documents use (`tests_planned`).
        package var description: String { rawValue }
    }
}

extension Event.Change {
    /// The change's kind.
    package var kind: Event.Kind {
        switch self {
        case .planned: .planned
        case .tasked: .tasked
        case .coded: .coded
        case .built: .built
        case .testsPlanned: .testsPlanned
        case .testsBuilt: .testsBuilt
        case .verified: .verified
        case .regressed: .regressed
        case .delivered: .delivered
        case .failed: .failed
        case .retried: .retried
        case .commented: .commented
        case .attached: .attached
        }
    }
}

/// Model usage: tokens and cost.
package struct Usage: Codable, Sendable, Equatable {
    /// Prompt and completion tokens together.
    package var tokens: Int
    /// Cost in US dollars, when the price is known.
    package var costUSD: Double

    /// Creates usage.
    package init(tokens: Int = 0, costUSD: Double = 0) {
        self.tokens = tokens
        self.costUSD = costUSD
    }
}
