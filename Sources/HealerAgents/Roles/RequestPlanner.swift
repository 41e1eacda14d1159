// The Request-Planner: a change request in, a Plan out.
import HealerState

/// Turns a request into a ``HealerState/Plan``: ordered steps, a rationale, the paths to touch.
///
/// ```swift
/// let plan = try await RequestPlanner(context: context).plan(request: run.request.text, regression: run.regression)
/// ```
package struct RequestPlanner: Sendable {
    /// The run's shared inputs.
    package var context: AgentContext

    /// Creates the role.
    package init(context: AgentContext) { self.context = context }

    /// Reply tokens per call at most (a plan is small; see ``AgentLoop/Configuration/replies(atMost:)``).
    static let replyTokens = 1024

    /// The answer's schema.
    package static let format = ResponseFormat(name: "plan", schema: RoleSupport.object([
        "steps": ["type": "array", "items": ["type": "string", "maxLength": 500], "minItems": 1, "maxItems": 20],
        "rationale": ["type": "string", "maxLength": 2000],
        "affected_paths": RoleSupport.strings(),
    ]))

    static let system = """
        You are healer's Request-Planner. You turn a change request for a git repository into a short plan: \
        ordered steps a person can check, the rationale, and the repository paths you expect to change. \
        Look at the code with the tools before planning; do not write code.
        """

    /// Plans `request`.
    ///
    /// - Parameters:
    ///   - request: the request text.
    ///   - regression: when the run fixes a regression, its evidence.
    /// - Throws: ``AgentError`` when the model fails, the budget is exhausted, or the plan stays invalid.
    package func plan(request: String, regression: Regression? = nil) async throws(AgentError) -> Plan {
        var user = "## Request\n\(request)\n"
        if let regression {
            user += "\n## This run fixes a regression\nFailing tests: \(regression.failingTests.joined(separator: ", "))\n"
            if let culprit = regression.culprit { user += "Culprit commit: \(culprit)\n" }
            if !regression.log.isEmpty { user += "Log excerpt:\n```\n\(BuildFeedback.excerpt(regression.log, maxLines: 60))\n```\n" }
        }
        user += await PlannerContext.pull(.requestPlanner, request: request, retriever: context.retriever, settings: context.pullSettings).promptSection
        let policy = context.editPolicy.patchPolicy
        let loop = AgentLoop(role: .requestPlanner, session: context.session,
                             tools: context.tools([.similaritySearch, .grepLike, .snippet, .readFile, .gitDiff]), configuration: context.loop.replies(atMost: Self.replyTokens))
        let outcome = try await loop.run(system: Self.system, user: user, format: Self.format) { answer in
            for path in answer["affected_paths"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
                if let why = policy.violation(for: path) { return AgentError(.editRejected, "affected_paths: \(why)") }
            }
            return nil
        }
        let answer = outcome.answer
        return Plan(steps: answer["steps"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                    rationale: answer["rationale"]?.stringValue ?? "",
                    affectedPaths: answer["affected_paths"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    }
}
