// The Test-Planner: a green build and the run's diff in, a TestSpec out.
import HealerState

/// Decides which tests prove the change: a ``HealerState/TestSpec``.
///
/// ```swift
/// let spec = try await TestPlanner(context: context).plan(request: run.request.text, plan: run.plan, build: green, diff: diff.patch)
/// ```
package struct TestPlanner: Sendable {
    /// The run's shared inputs.
    package var context: AgentContext

    /// Creates the role.
    package init(context: AgentContext) { self.context = context }

    /// Reply tokens per call at most (a test specification is small; see ``AgentLoop/Configuration/replies(atMost:)``).
    static let replyTokens = 1024

    /// The answer's schema (`file` is empty when the planner leaves the choice to the Test-Builder).
    package static let format = ResponseFormat(name: "test_spec", schema: RoleSupport.object([
        "cases": ["type": "array", "minItems": 1, "maxItems": 20, "items": RoleSupport.object([
            "name": ["type": "string", "maxLength": 200],
            "behaviour": ["type": "string", "maxLength": 1000],
            "file": ["type": "string", "maxLength": 500],
        ])],
        "coverage_targets": RoleSupport.strings(maxLength: 300, maxItems: 30),
    ]))

    static let system = """
        You are healer's Test-Planner. Given a change that builds, you decide which tests prove it works: \
        each case has a name, the behaviour it checks (one sentence), and the test file it belongs in \
        (follow the repository's test layout; empty if unsure). coverage_targets names the files or symbols the \
        tests must exercise. Prefer a few sharp cases over many shallow ones.
        """

    /// Plans the tests.
    ///
    /// - Parameters:
    ///   - request: the run's request text.
    ///   - plan: the run's plan, if any.
    ///   - build: the build of the run's branch (its coverage and counts are shown).
    ///   - diff: the run's diff (base to branch head); long diffs are cut.
    /// - Throws: ``AgentError`` when the model fails, the budget is exhausted, or the spec stays invalid.
    package func plan(request: String, plan: Plan? = nil, build: BuildResult, diff: String) async throws(AgentError) -> TestSpec {
        var user = "## Request\n\(request)\n\n" + RoleSupport.planSection(plan)
        // No commit id in the prompt: replays re-create commits with new ids, and the model gains nothing from it.
        user += "\n## Build of the run's branch\nStatus: \(build.status.rawValue)"
        if let counts = build.testCounts { user += ", tests: \(counts.passed) passed, \(counts.failed) failed, \(counts.skipped) skipped" }
        if let coverage = build.coverage { user += ", line coverage \(coverage)%" }
        user += "\n\n## The change\n```diff\n\(RoleSupport.clip(diff, 40_000))\n```\n"
        let policy = context.editPolicy.patchPolicy
        let loop = AgentLoop(role: .testPlanner, session: context.session, tools: context.tools([.readFile, .similaritySearch, .grepLike, .snippet, .gitDiff]),
                             configuration: context.loop.replies(atMost: Self.replyTokens))
        let outcome = try await loop.run(system: Self.system, user: user, format: Self.format) { answer in
            for file in answer["cases"]?.arrayValue?.compactMap({ $0["file"]?.stringValue }) ?? [] where !file.isEmpty {
                if let why = policy.violation(for: file) { return AgentError(.editRejected, "a case's file: \(why)") }
            }
            return nil
        }
        let cases = (outcome.answer["cases"]?.arrayValue ?? []).map { item in
            TestSpec.Case(name: item["name"]?.stringValue ?? "", behaviour: item["behaviour"]?.stringValue ?? "",
                          file: item["file"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 })
        }
        return TestSpec(cases: cases, coverageTargets: outcome.answer["coverage_targets"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    }
}
