// `healer rag context`: the context a planner would pre-pull, without a model.
import HealerAgents
import HealerState
import HealerWorkspace

/// Shows what a planner's prompt starts with for a request, through the retriever the run's agent
/// steps use and the planners' own pull (``HealerAgents/PlannerContext``).
package enum ContextPreview {
    /// What to pull: the role, and the pull's limits (`nil`: the roles' default).
    package struct Options: Sendable {
        /// `request-planner` or `code-planner`.
        package var role = PlannerContext.Role.requestPlanner.rawValue
        package var topFiles: Int?
        package var perQuery: Int?
        package var maxChunks: Int?
        package var clip: Int?
        package var skipClippedFiles: Bool?
        package var skipShownLines: Bool?
        package var window: Int?
        package var maxCharacters: Int?
        package var focusFiles: Int?
        package var searchDepth: Int?

        /// The roles' defaults.
        package init() {}
    }

    /// The context `options.role` would pull for `request` in the repository at `repositoryPath`,
    /// at `revision` (indexed first when needed). The Code-Planner's plan, which needs a model, is
    /// stood in for by the request as its one step.
    ///
    /// - Throws: ``HealerWorkspace/PipelineError`` (usage) for an unknown role or a limit below 0;
    ///   the index's or the repository's error when the index cannot be opened or the revision
    ///   not indexed.
    package static func pull(repositoryPath: String, revision: String, request: String, options: Options) async throws -> Report {
        guard let role = PlannerContext.Role(rawValue: options.role) else {
            let roles = PlannerContext.Role.allCases.map(\.rawValue).joined(separator: ", ")
            throw PipelineError(.usage, "'\(options.role)' is not a planner; pass --role with one of \(roles)")
        }
        let limits = [options.topFiles, options.perQuery, options.maxChunks, options.clip, options.focusFiles, options.searchDepth, options.window, options.maxCharacters].compactMap { $0 }
        if limits.contains(where: { $0 < 0 }) { throw PipelineError(.usage, "a limit is below 0; pass 0 or more") }
        var settings = PlannerContext.Settings()
        settings.topFiles = options.topFiles ?? settings.topFiles
        settings.perQuery = options.perQuery ?? settings.perQuery
        settings.maxChunks = options.maxChunks ?? settings.maxChunks
        settings.clip = options.clip ?? settings.clip
        settings.skipClippedFiles = options.skipClippedFiles ?? settings.skipClippedFiles
        settings.skipShownLines = options.skipShownLines ?? settings.skipShownLines
        settings.window = options.window ?? settings.window
        settings.maxCharacters = options.maxCharacters ?? settings.maxCharacters
        settings.focusFiles = options.focusFiles ?? settings.focusFiles
        settings.searchDepth = options.searchDepth ?? settings.searchDepth
        let retriever = try RAGRetriever(repositoryPath: repositoryPath, revision: revision)
        let plan = role == .codePlanner ? Plan(steps: [request], rationale: "") : nil
        let pulled = await PlannerContext.pull(role, request: request, plan: plan, retriever: retriever, settings: settings)
        return Report(pulled, revision: revision)
    }

    /// A pull as `healer rag context` prints it.
    package struct Report: Encodable, Sendable {
        /// One chunk of the context section, in prompt order.
        package struct Chunk: Encodable, Sendable {
            package var id: String
            package var path: String
            package var startLine: Int?
            /// The chunk's last line in the file.
            package var endLine: Int?
            /// The last line the prompt shows (before `endLine` when the chunk was clipped).
            package var shownEndLine: Int?
            package var symbol: String?
            /// Characters of text shown.
            package var characters: Int
            /// Estimated tokens of the chunk as the prompt shows it (UTF-8 bytes / 4).
            package var tokens: Int
            package var text: String
        }

        package var role: String
        package var revision: String
        /// Ranked source files (where the change most likely goes), as the prompt lists them.
        package var sourceFiles: [String]
        /// Ranked tests, documentation and other context files.
        package var contextFiles: [String]
        package var chunks: [Chunk]
        /// Characters of the whole pre-pulled prompt text (file lists and context).
        package var characters: Int
        /// Estimated tokens of that text.
        package var tokens: Int
        /// The prompt text exactly as the planner's prompt carries it.
        package var prompt: String

        init(_ pulled: PlannerContext, revision: String) {
            role = pulled.role.rawValue
            self.revision = revision
            sourceFiles = pulled.files.source.map(\.path)
            contextFiles = pulled.files.context.map(\.path)
            chunks = pulled.chunks.map { chunk in
                Chunk(id: chunk.id, path: chunk.path, startLine: chunk.startLine, endLine: chunk.endLine, shownEndLine: chunk.shownEndLine,
                      symbol: chunk.symbol, characters: chunk.text.count, tokens: PlannerContext.estimatedTokens(chunk), text: chunk.text)
            }
            prompt = pulled.promptSection
            characters = prompt.count
            tokens = PlannerContext.estimatedTokens(prompt)
        }
    }
}
