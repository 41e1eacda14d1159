// The Coding-Agent: one CodingTask in, a checked edit set out.
import HealerState

/// Writes the edits for one ``HealerState/CodingTask``.
///
/// The edits are checked before they are returned: paths by the ``EditPolicy`` (through
/// HealerGit's `PatchPolicy`), the patch by a dry run on the workspace, and the tests by
/// ``TestIntegrity``; a failed check is sent back to the model as a repair round. The pipeline
/// applies the returned ``EditSet`` and commits it.
///
/// ```swift
/// let edits = try await CodingAgent(context: context).code(task: task, request: run.request.text, plan: run.plan,
///                                                          feedback: BuildFeedback(result: red, log: logText, attempt: 1))
/// ```
package struct CodingAgent: Sendable {
    /// The run's shared inputs.
    package var context: AgentContext

    /// Creates the role.
    package init(context: AgentContext) { self.context = context }

    /// The answer's schema.
    package static var format: ResponseFormat { RoleSupport.editSchema }

    static let system = """
        You are healer's Coding-Agent. You make the change one task asks for in a git repository, as small and \
        correct as you can, in the style of the surrounding code. Read the files you change first. \
        When a previous build failed, fix the cause: never delete, skip or weaken tests.
        """

    /// Produces the edits for `task`.
    ///
    /// - Parameters:
    ///   - task: the task (its `contextBlobs` are pre-pulled through the retriever; the prompt
    ///     names the ids that resolve to nothing; when none resolves, the prompt carries the
    ///     planners' pull for the task's goal instead).
    ///   - request: the run's request text.
    ///   - plan: the run's plan, if any.
    ///   - feedback: the last red build, when this is a retry.
    /// - Throws: ``AgentError`` (`editRejected`, `testIntegrity` and `invalidOutput` after the
    ///   repair rounds; budget and model errors).
    package func code(task: CodingTask, request: String, plan: Plan? = nil, feedback: BuildFeedback? = nil) async throws(AgentError) -> EditSet {
        var user = "## Request\n\(request)\n\n" + RoleSupport.planSection(plan)
        user += "\n## Your task (\(task.id))\n\(task.patchGoal)\n\n" + (await taskContext(task, request: request))
        if let feedback { user += "\n" + feedback.promptSection }
        user += "\n" + RoleSupport.editInstructions
        let context = self.context
        let loop = AgentLoop(role: .codingAgent, session: context.session,
                             tools: context.tools([.readFile, .similaritySearch, .grepLike, .snippet, .gitDiff, .applyPatch, .shellExec]),
                             configuration: context.loop)
        let outcome = try await loop.run(system: Self.system, user: user, format: Self.format) { answer in
            await RoleSupport.problem(with: RoleSupport.edits(from: answer), context: context, onlyTests: false)
        }
        return RoleSupport.edits(from: outcome.answer)
    }

    /// The task's context section: the chunks its `contextBlobs` name, or, when none resolves
    /// (a small model's planner often names none, or ids that do not exist), the context the
    /// planners pull for the task's goal and the request, so the Coding-Agent never starts blind.
    func taskContext(_ task: CodingTask, request: String) async -> String {
        var resolved = await RoleSupport.snippets(task.contextBlobs, context: context)
        guard resolved.chunks.isEmpty, context.retriever != nil else { return RoleSupport.contextSection(resolved) }
        let pulled = await PlannerContext.pull(.requestPlanner, request: task.patchGoal + "\n" + request, retriever: context.retriever,
                                              settings: context.pullSettings)
        resolved.chunks = pulled.chunks
        return RoleSupport.filesSection(pulled.files) + RoleSupport.contextSection(resolved)
    }
}
