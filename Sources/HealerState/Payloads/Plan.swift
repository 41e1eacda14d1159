// The Request-Planner's output.

/// What the Request-Planner decided to change and why.
package struct Plan: Codable, Sendable, Equatable {
    /// Ordered steps, each a sentence a person can check.
    package var steps: [String]
    /// Why this plan answers the request.
    package var rationale: String
    /// Paths the plan expects to touch.
    package var affectedPaths: [String]

    /// Creates a plan.
    package init(steps: [String], rationale: String, affectedPaths: [String] = []) {
        self.steps = steps
        self.rationale = rationale
        self.affectedPaths = affectedPaths
    }
}

/// One unit of work for a Coding-Agent, produced by the Code-Planner.
package struct CodingTask: Codable, Sendable, Equatable {
    /// A short id, unique in the run (`t1`, `t2`...).
    package var id: String
    /// What the patch must achieve.
    package var patchGoal: String
    /// Ids of tasks that must be committed first.
    package var dependencies: [String]
    /// Chunks (RAG ids or `path:start-end`) pre-pulled as context.
    package var contextBlobs: [String]

    /// Creates a task.
    package init(id: String, patchGoal: String, dependencies: [String] = [], contextBlobs: [String] = []) {
        self.id = id
        self.patchGoal = patchGoal
        self.dependencies = dependencies
        self.contextBlobs = contextBlobs
    }
}

/// A commit a role made on the run branch.
package struct CommitRecord: Codable, Sendable, Equatable {
    /// The commit id.
    package var sha: String
    /// The role that made it.
    package var role: Role
    /// The task it implements, if any.
    package var task: String?

    /// Creates a record.
    package init(sha: String, role: Role, task: String? = nil) {
        self.sha = sha
        self.role = role
        self.task = task
    }
}
