// The Request-Planner's output.

/// What the Request-Planner decided to change and why.
public struct Plan: Codable, Sendable, Equatable {
    /// Ordered steps, each a sentence a person can check.
    public var steps: [String]
    /// Why this plan answers the request.
    public var rationale: String
    /// Paths the plan expects to touch.
    public var affectedPaths: [String]

    /// Creates a plan.
    public init(steps: [String], rationale: String, affectedPaths: [String] = []) {
        self.steps = steps
        self.rationale = rationale
        self.affectedPaths = affectedPaths
    }
}

/// One unit of work for a Coding-Agent, produced by the Code-Planner.
public struct CodingTask: Codable, Sendable, Equatable {
    /// A short id, unique in the run (`t1`, `t2`...).
    public var id: String
    /// What the patch must achieve.
    public var patchGoal: String
    /// Ids of tasks that must be committed first.
    public var dependencies: [String]
    /// Chunks (RAG ids or `path:start-end`) pre-pulled as context.
    public var contextBlobs: [String]

    /// Creates a task.
    public init(id: String, patchGoal: String, dependencies: [String] = [], contextBlobs: [String] = []) {
        self.id = id
        self.patchGoal = patchGoal
        self.dependencies = dependencies
        self.contextBlobs = contextBlobs
    }
}

/// A commit a role made on the run branch.
public struct CommitRecord: Codable, Sendable, Equatable {
    /// The commit id.
    public var sha: String
    /// The role that made it.
    public var role: Role
    /// The task it implements, if any.
    public var task: String?

    /// Creates a record.
    public init(sha: String, role: Role, task: String? = nil) {
        self.sha = sha
        self.role = role
        self.task = task
    }
}
