// The Test-Builder: a TestSpec in, test-file edits out.
import HealerState

/// Writes the tests a ``HealerState/TestSpec`` asks for, as an ``EditSet`` that touches test
/// files only and never weakens existing tests.
///
/// ```swift
/// let edits = try await TestBuilder(context: context).build(spec: spec, request: run.request.text)
/// ```
package struct TestBuilder: Sendable {
    /// The run's shared inputs.
    package var context: AgentContext

    /// Creates the role.
    package init(context: AgentContext) { self.context = context }

    /// The answer's schema.
    package static var format: ResponseFormat { RoleSupport.editSchema }

    static let system = """
        You are healer's Test-Builder. You write the tests a test specification asks for, in the repository's \
        test framework and layout, next to the existing tests. Only add or extend test files; never delete, \
        skip or weaken existing tests. Read an existing test file first to match its style.
        """

    /// Writes the tests.
    ///
    /// - Parameters:
    ///   - spec: the cases to write.
    ///   - request: the run's request text.
    ///   - feedback: the last red build of the tests, when this is a retry.
    /// - Throws: ``AgentError`` (`editRejected` for non-test paths, `testIntegrity`,
    ///   `invalidOutput` after the repair rounds; budget and model errors).
    package func build(spec: TestSpec, request: String, feedback: BuildFeedback? = nil) async throws(AgentError) -> EditSet {
        var user = "## Request\n\(request)\n\n## Tests to write\n"
        for item in spec.cases {
            user += "- \(item.name): \(item.behaviour)\(item.file.map { " (in \($0))" } ?? "")\n"
        }
        if !spec.coverageTargets.isEmpty { user += "Cover: \(spec.coverageTargets.joined(separator: ", "))\n" }
        let chunks = await RoleSupport.prePull(queries: spec.cases.map(\.behaviour) + spec.coverageTargets, perQuery: 2, context: context)
        user += "\n" + RoleSupport.contextSection(chunks)
        if let feedback { user += "\n" + feedback.promptSection }
        user += "\n" + RoleSupport.editInstructions
        let context = self.context
        let loop = AgentLoop(role: .testBuilder, session: context.session,
                             tools: context.tools([.readFile, .similaritySearch, .grepLike, .snippet, .gitDiff, .applyPatch, .shellExec]),
                             configuration: context.loop)
        let outcome = try await loop.run(system: Self.system, user: user, format: Self.format) { answer in
            await RoleSupport.problem(with: RoleSupport.edits(from: answer), context: context, onlyTests: true)
        }
        return RoleSupport.edits(from: outcome.answer)
    }
}
