// The run document: everything healer knows about one run, stored as YAML in git notes.

/// One run of the pipeline: a request, its branch, and all the results so far.
///
/// A `Run` is a plain value; it changes only through ``applying(_:)`` (or ``transition(_:_:)``),
/// which is pure and deterministic, so any process that holds the same document and event
/// reaches the same result.
public struct Run: Codable, Sendable, Equatable {
    /// The schema version this build reads and writes.
    public static let currentSchemaVersion = 1

    /// The document's schema version.
    public var schemaVersion: Int
    /// The run id (time-ordered, see ``RunID``).
    public var id: String
    /// The feature branch the run works on.
    public var branch: String
    /// The commit the run started from.
    public var base: String
    /// The branch the run started from, if any (never committed to).
    public var baseBranch: String?
    /// What was asked.
    public var request: Request
    /// The current stage.
    public var stage: Stage
    /// When the run was created (ISO 8601, UTC).
    public var createdAt: String
    /// When the run last changed (ISO 8601, UTC).
    public var updatedAt: String
    /// Attempts used so far by the bounded loops.
    public var attempts: Attempts
    /// Bounds on those loops.
    public var limits: Limits
    /// The Request-Planner's plan.
    public var plan: Plan?
    /// The Code-Planner's tasks.
    public var tasks: [CodingTask]
    /// Commits made on the run branch, oldest first.
    public var commits: [CommitRecord]
    /// Build verdicts, oldest first.
    public var builds: [BuildResult]
    /// The Test-Planner's specification.
    public var testSpec: TestSpec?
    /// The last regression the Verifier found (or the one this run was opened for).
    public var regression: Regression?
    /// How the run was delivered.
    public var delivery: Delivery?
    /// Why the run failed, when it did.
    public var failure: Failure?
    /// Model budget and spending.
    public var budget: Budget
    /// Large payloads kept as blobs.
    public var artifacts: [Artifact]
    /// Every accepted event, oldest first.
    public var history: [HistoryEntry]

    /// What was asked, and where the request came from.
    public struct Request: Codable, Sendable, Equatable {
        /// The request text.
        public var text: String
        /// Where it came from.
        public var source: Source
        /// Creates a request.
        public init(text: String, source: Source = Source(kind: .cli)) {
            self.text = text
            self.source = source
        }
    }

    /// The origin of a request.
    public struct Source: Codable, Sendable, Equatable {
        /// How the run was created.
        public enum Kind: String, Codable, Sendable {
            case cli, label, pullRequest = "pull_request", mergeRequest = "merge_request", regression, ci
        }
        /// How the run was created.
        public var kind: Kind
        /// A pointer to the origin: a PR URL or number, a culprit commit...
        public var reference: String?
        /// Creates a source.
        public init(kind: Kind, reference: String? = nil) {
            self.kind = kind
            self.reference = reference
        }
    }

    /// Attempts used by the bounded loops.
    public struct Attempts: Codable, Sendable, Equatable {
        /// Red builds sent back to coding.
        public var coding: Int
        /// Regressions sent back to coding.
        public var verification: Int
        /// Creates counts.
        public init(coding: Int = 0, verification: Int = 0) {
            self.coding = coding
            self.verification = verification
        }
    }

    /// Bounds on the loops: a run fails when a bound is reached.
    public struct Limits: Codable, Sendable, Equatable {
        /// Red builds allowed before the run fails.
        public var coding: Int
        /// Regressions allowed before the run fails.
        public var verification: Int
        /// Creates limits.
        public init(coding: Int = 3, verification: Int = 2) {
            self.coding = coding
            self.verification = verification
        }
    }

    /// Why and where a run failed.
    public struct Failure: Codable, Sendable, Equatable {
        /// A sentence for a person.
        public var reason: String
        /// The stage the run was in; `retry` resumes there.
        public var stage: Stage
        /// Creates a failure.
        public init(reason: String, stage: Stage) {
            self.reason = reason
            self.stage = stage
        }
    }

    /// Model spending and its limits (0 means no limit).
    public struct Budget: Codable, Sendable, Equatable {
        /// Token limit for the run.
        public var maxTokens: Int
        /// Cost limit for the run, in US dollars.
        public var maxCostUSD: Double
        /// Spent so far.
        public var used: Usage
        /// Creates a budget.
        public init(maxTokens: Int = 0, maxCostUSD: Double = 0, used: Usage = Usage()) {
            self.maxTokens = maxTokens
            self.maxCostUSD = maxCostUSD
            self.used = used
        }
    }

    /// One accepted event, as kept in the history.
    public struct HistoryEntry: Codable, Sendable, Equatable {
        /// The event's id.
        public var id: String
        /// The event's name.
        public var event: String
        /// Who caused it.
        public var actor: String
        /// When.
        public var at: String
        /// The stage before.
        public var from: Stage
        /// The stage after.
        public var to: Stage
        /// Creates an entry.
        public init(id: String, event: String, actor: String, at: String, from: Stage, to: Stage) {
            self.id = id
            self.event = event
            self.actor = actor
            self.at = at
            self.from = from
            self.to = to
        }
    }

    /// Creates a run in stage ``Stage/requested``.
    public init(id: String, branch: String, base: String, baseBranch: String?, request: Request, createdAt: String,
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
