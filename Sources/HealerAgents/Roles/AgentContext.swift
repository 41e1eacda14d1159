// What every role needs: the model session, the tools' back ends, the guardrails' settings.

/// The shared inputs of the roles of one run.
///
/// Back ends left `nil` simply remove their tools (a run without an index has no `rag_*`
/// tools; one without a sandbox has no `shell_exec`).
package struct AgentContext: Sendable {
    /// The run's model session (client, redaction, budget, transcript).
    package var session: ModelSession
    /// Retrieval for the `rag_*` tools and the pre-pulled context.
    package var retriever: (any Retriever)?
    /// The repository for `read_file`, `git_diff` and `apply_patch`, and for checking edits.
    package var workspace: (any AgentWorkspace)?
    /// The sandbox for `shell_exec`.
    package var shell: (any ShellRunner)?
    /// Which paths edits may touch, and size bounds.
    package var editPolicy: EditPolicy
    /// What test weakening the configuration allows (nothing by default).
    package var integrity: TestIntegrity.Allowances
    /// The loops' bounds.
    package var loop: AgentLoop.Configuration
    /// The time limit of one `shell_exec` call.
    package var shellTimeoutSeconds: Double
    /// The most chunks pre-pulled into a prompt.
    package var maxContextChunks: Int
    /// The planners' pre-pull limit on chunks when none is configured.
    package static let defaultMaxContextChunks = 12

    /// The planners' pull settings: the defaults, with this context's chunk limit.
    var pullSettings: PlannerContext.Settings {
        var settings = PlannerContext.Settings()
        settings.maxChunks = maxContextChunks
        return settings
    }

    /// Creates a context.
    package init(session: ModelSession, retriever: (any Retriever)? = nil, workspace: (any AgentWorkspace)? = nil, shell: (any ShellRunner)? = nil,
                editPolicy: EditPolicy = EditPolicy(), integrity: TestIntegrity.Allowances = TestIntegrity.Allowances(),
                loop: AgentLoop.Configuration = AgentLoop.Configuration(), shellTimeoutSeconds: Double = 120, maxContextChunks: Int = defaultMaxContextChunks) {
        self.session = session
        self.retriever = retriever
        self.workspace = workspace
        self.shell = shell
        self.editPolicy = editPolicy
        self.integrity = integrity
        self.loop = loop
        self.shellTimeoutSeconds = shellTimeoutSeconds
        self.maxContextChunks = maxContextChunks
    }
}
