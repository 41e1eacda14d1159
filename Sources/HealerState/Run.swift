// The run document: everything healer knows about one run, stored as YAML in git notes.

/// One run of the pipeline: a request, its branch, and all the results so far.
///
/// A `Run` is a plain value; it changes only through ``applying(_:)`` (or ``transition(_:_:)``),
/// which is pure and deterministic, so any process that holds the same document and event
/// reaches the same result.
package struct Run: Codable, Sendable, Equatable {
    /// The schema version this build reads and writes.
    package static let currentSchemaVersion = 1

    /// The document's schema version.
    package var schemaVersion: Int
    /// The run id (time-ordered, see ``RunID``).
    package var id: String
    /// The feature branch the run works on.
    package var branch: String
    /// The commit the run started from.
    package var base: String
    /// The branch the run started from, if any (never committed to).
    package var baseBranch: String?
    /// What was asked.
    package var request: Request
    /// The current stage.
    package var stage: Stage
    /// When the run was created (ISO 8601, UTC).
    package var createdAt: String
    /// When the run last changed (ISO 8601, UTC).
    package var updatedAt: String
    /// Attempts used so far by the bounded loops.
    package var attempts: Attempts
    /// Bounds on those loops.
    package var limits: Limits
    /// The Request-Planner's plan.
    package var plan: Plan?
    /// The Code-Planner's tasks.
    package var tasks: [CodingTask]
    /// Commits made on the run branch, oldest first.
    package var commits: [CommitRecord]
    /// Build verdicts, oldest first.
    package var builds: [BuildResult]
    /// The Test-Planner's specification.
    package var testSpec: TestSpec?
    /// The last regression the Verifier found (or the one this run was opened for).
    package var regression: Regression?
    /// How the run was delivered.
    package var delivery: Delivery?
    /// Why the run failed, when it did.
    package var failure: Failure?
    /// Model budget and spending.
    package var budget: Budget
    /// Large payloads kept as blobs.
    package var artifacts: [Artifact]
    /// Every accepted event, oldest first.
    package var history: [HistoryEntry]

    /// What was asked, and where the request came from.
    package struct Request: Codable, Sendable, Equatable {
        /// The request text.
        package var text: String
        /// Where it came from.
        package var source: Source
        /// Creates a request.
        package init(text: String, source: Source = Source(kind: .cli)) {
            self.text = text
            self.source = source
        }
    }

    /// The origin of a request.
    package struct Source: Codable, Sendable, Equatable {
        /// How the run was created.
        package enum Kind: String, Codable, Sendable {
            case cli, label, pullRequest = "pull_request", mergeRequest = "merge_request", regression, ci
        }
        /// How the run was created.
        package var kind: Kind
        /// A pointer to the origin: a PR URL or number, a culprit commit...
        package var reference: String?
        /// Creates a source.
        package init(kind: Kind, reference: String? = nil) {
            self.kind = kind
            self.reference = reference
        }
    }

    /// Attempts used by the bounded loops.
    package struct Attempts: Codable, Sendable, Equatable {
        /// Red builds sent back to coding.
        package var coding: Int
        /// Regressions sent back to coding.
        package var verification: Int
        /// Creates counts.
        package init(coding: Int = 0, verification: Int = 0) {
            self.coding = coding
            self.verification = verification
        }
    }

    /// Bounds on the loops: a run fails when a bound is reached.
    package struct Limits: Codable, Sendable, Equatable {
        /// Red builds allowed before the run fails.
        package var coding: Int
        /// Regressions allowed before the run fails.
        package var verification: Int
        /// Creates limits.
        package init(coding: Int = 3, verification: Int = 2) {
            self.coding = coding
            self.verification = verification
        }
    }

    /// Why and where a run failed.
    package struct Failure: Codable, Sendable, Equatable {
        /// A sentence for a person.
        package var reason: String
        /// The stage the run was in; `retry` resumes there.
        package var stage: Stage
        /// Creates a failure.
        package init(reason: String, stage: Stage) {
            self.reason = reason
            self.stage = stage
        }
    }

    /// Model spending and its limits (0 means no limit).
    package struct Budget: Codable, Sendable, Equatable {
        /// Token limit for the run.
        package var maxTokens: Int
        /// Cost limit for the run, in US dollars.
        package var maxCostUSD: Double
        /// Spent so far.
        package var used: Usage
        /// Creates a budget.
        package init(maxTokens: Int = 0, maxCostUSD: Double = 0, used: Usage = Usage()) {
            self.maxTokens = maxTokens
            self.maxCostUSD = maxCostUSD
            self.used = used
        }
    }

    /// One accepted event, as kept in the history.
    package struct HistoryEntry: Codable, Sendable, Equatable {
        /// The event's id.
        package var id: String
        /// The event's kind (written by name: `planned`).
        package var event: Event.Kind
        /// Who caused it.
        package var actor: String
        /// When.
        package var at: String
        /// The stage before.
        package var from: Stage
        /// The stage after.
        package var to: Stage
        /// Creates an entry.
        package init(id: String, event: Event.Kind, actor: String, at: String, from: Stage, to: Stage) {
            self.id = id
            self.event = event
            self.actor = actor
            self.at = at
            self.from = from
            self.to = to
        }
    }

    /// Creates a run in stage ``Stage/requested``.
    package init(id: String, branch: String, base: String, baseBranch: String?, request: Request, createdAt: String,
                limits: Limits = Limits(), budget: Budget = Budget(), regression: Regression? = nil) {
        self.schemaVersion = Run.currentSchemaVersion
        self.id = id
        self.branch = branch
        self.base = base
        self.baseBranch = baseBranch
        self.request = request
        self.stage = .requested
        self.createdAt = createdAt
        self.updatedAt = createdAt
        self.attempts = Attempts()
        self.limits = limits
        self.plan = nil
        self.tasks = []
        self.commits = []
        self.builds = []
        self.testSpec = nil
        self.regression = regression
        self.delivery = nil
        self.failure = nil
        self.budget = budget
        self.artifacts = []
        self.history = []
    }
}
