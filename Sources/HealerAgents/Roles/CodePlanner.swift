// The Code-Planner: a Plan in, coding tasks with pre-pulled context out.
import Foundation
import HealerSystem
import HealerState

/// Splits a ``HealerState/Plan`` into ``HealerState/CodingTask``s, one commit each, with the
/// context chunks each Coding-Agent should start from.
///
/// ```swift
/// let tasks = try await CodePlanner(context: context).tasks(request: run.request.text, plan: plan)
/// ```
package struct CodePlanner: Sendable {
    /// The run's shared inputs.
    package var context: AgentContext

    /// Creates the role.
    package init(context: AgentContext) { self.context = context }

    /// Reply tokens per call at most (a task list is small; see ``AgentLoop/Configuration/replies(atMost:)``).
    static let replyTokens = 2048

    /// The answer's schema.
    package static let format = ResponseFormat(name: "coding_tasks", schema: RoleSupport.object([
        "tasks": ["type": "array", "minItems": 1, "maxItems": 10, "items": RoleSupport.object([
            "id": ["type": "string", "maxLength": 32],
            "patch_goal": ["type": "string", "maxLength": 2000],
            "dependencies": RoleSupport.strings(maxLength: 32, maxItems: 10),
            "context_blobs": RoleSupport.strings(maxLength: 300, maxItems: 20),
        ])],
    ]))

    static let system = """
        You are healer's Code-Planner. You split a plan into coding tasks; each task becomes one commit made by a \
        Coding-Agent that sees only its task and its context. Give each task a short id (t1, t2...), a precise \
        patch_goal, the ids of tasks that must be done first, and in context_blobs the context its Coding-Agent \
        needs: ids as the context and search results show them in [brackets], or path:start-end line ranges. \
        Prefer few, independent tasks.
        """

    /// Plans the coding tasks.
    ///
    /// - Throws: ``AgentError`` when the model fails, the budget is exhausted, or the tasks stay
    ///   invalid (duplicate ids, unknown or cyclic dependencies).
    package func tasks(request: String, plan: Plan) async throws(AgentError) -> [CodingTask] {
        let pulled = await PlannerContext.pull(.codePlanner, request: request, plan: plan, retriever: context.retriever, settings: context.pullSettings)
        let user = "## Request\n\(request)\n\n" + RoleSupport.planSection(plan) + "\n" + pulled.promptSection
        let loop = AgentLoop(role: .codePlanner, session: context.session, tools: context.tools([.similaritySearch, .grepLike, .snippet, .readFile]),
                             configuration: context.loop.replies(atMost: Self.replyTokens))
        // Soft problems (a dependency that names no task, a context id that resolves to nothing)
        // are pointed out once; an answer that keeps them (a small model held to the schema by a
        // grammar repeats itself word for word) goes on without them.
        let pointedOut = Locked(false)
        // The ids of the last answer checked that resolve to nothing, resolved once per answer.
        let unresolvedIDs = Locked(Set<String>())
        let retriever = context.retriever
        let outcome = try await loop.run(system: Self.system, user: user, format: Self.format) { answer in
            let tasks = Self.decode(answer)
            let lenient = pointedOut.withLock { $0 }
            if let problem = Self.problem(with: lenient ? Self.withoutUnknownDependencies(tasks) : tasks) {
                pointedOut.withLock { $0 = true }
                return problem
            }
            let unresolved = await Self.unresolvedContext(in: tasks, retriever: retriever)
            unresolvedIDs.withLock { $0 = Set(unresolved.map(\.id)) }
            guard !lenient, let problem = Self.contextProblem(unresolved) else { return nil }
            pointedOut.withLock { $0 = true }
            return problem
        }
        let unresolved = unresolvedIDs.withLock { $0 }
        return Self.withoutUnknownDependencies(Self.decode(outcome.answer)).map { task in
            var kept = task
            kept.contextBlobs = task.contextBlobs.filter { !unresolved.contains($0) }
            return kept
        }
    }

    /// The context ids of `tasks` that resolve to nothing, with the task and why.
    static func unresolvedContext(in tasks: [CodingTask], retriever: (any Retriever)?) async -> [(task: String, id: String, problem: String)] {
        guard let retriever else { return [] }
        var unresolved: [(task: String, id: String, problem: String)] = []
        for task in tasks {
            for id in task.contextBlobs {
                if case .failure(let failure) = await AgentContext.resolve(id, retriever: retriever) { unresolved.append((task.id, id, failure.message)) }
            }
        }
        return unresolved
    }

    /// The error that sends unresolved context ids back to the model, or `nil` when there are none.
    static func contextProblem(_ unresolved: [(task: String, id: String, problem: String)]) -> AgentError? {
        guard !unresolved.isEmpty else { return nil }
        let listed = unresolved.prefix(3).map { "task '\($0.task)': \($0.problem)" }.joined(separator: "; ")
        return AgentError(.invalidOutput, "context_blobs that resolve to nothing: \(listed)\(unresolved.count > 3 ? " (and \(unresolved.count - 3) more)" : ""); correct them or leave them out")
    }

    /// `tasks` with only the dependencies that name another of them.
    static func withoutUnknownDependencies(_ tasks: [CodingTask]) -> [CodingTask] {
        let ids = Set(tasks.map(\.id))
        return tasks.map { task in
            var kept = task
            kept.dependencies = task.dependencies.filter { ids.contains($0) && $0 != task.id }
            return kept
        }
    }

    static func decode(_ answer: JSONValue) -> [CodingTask] {
        (answer["tasks"]?.arrayValue ?? []).map { task in
            CodingTask(id: task["id"]?.stringValue ?? "",
                       patchGoal: task["patch_goal"]?.stringValue ?? "",
                       dependencies: task["dependencies"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                       contextBlobs: task["context_blobs"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        }
    }

    /// Duplicate or empty ids, unknown dependencies, and cycles.
    static func problem(with tasks: [CodingTask]) -> AgentError? {
        let graph = TaskGraph(tasks)
        var seen = Set<String>()
        for task in tasks {
            if task.id.trimmingCharacters(in: .whitespaces).isEmpty { return AgentError(.invalidOutput, "a task has an empty id") }
            if !seen.insert(task.id).inserted { return AgentError(.invalidOutput, "the task id '\(task.id)' is used twice") }
        }
        let ids = Set(graph.ids)
        if let (task, dependency) = graph.firstDependency(where: { !ids.contains($1) || $1 == $0 }) {
            return AgentError(.invalidOutput, "task '\(task)' depends on '\(dependency)', which is not another task's id")
        }
        if let cycle = graph.cycle {
            return AgentError(.invalidOutput, "the task dependencies form a cycle among \(cycle.joined(separator: ", "))")
        }
        return nil
    }
}

