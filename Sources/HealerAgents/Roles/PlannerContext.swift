// What a planner pre-pulls into its prompt before its first model call: one function that the
// Request-Planner, the Code-Planner and `healer rag context` share.
import HealerState

/// The repository context a planner's prompt starts with: the ranked files and, in prompt order,
/// the chunks of the "Context from the repository" section.
///
/// ```swift
/// let pulled = await PlannerContext.pull(.requestPlanner, request: "retry delay", retriever: retriever)
/// user += pulled.promptSection
/// ```
package struct PlannerContext: Sendable, Equatable {
    /// The planner whose pull this is.
    package enum Role: String, Sendable, CaseIterable {
        /// Queries: the request.
        case requestPlanner = "request-planner"
        /// Queries: the plan's steps, its affected paths and the request.
        case codePlanner = "code-planner"
    }

    /// How much is pulled; the defaults are what the roles use, chosen on the development part of
    /// bench/rag/recall.py (the share of a real commit's changed lines the context shows, at the
    /// untuned pull's token cost; docs/rag.md).
    package struct Settings: Sendable, Equatable {
        /// Files listed per kind (source, context) in the "Files most likely to change" section.
        package var rankedFiles = 5
        /// The best chunks of this many top source files come first.
        package var topFiles = 3
        /// Chunk search hits per query (`nil`: the role's own, 6 for the Request-Planner, 3 for the Code-Planner).
        package var perQuery: Int?
        /// The most chunks in the prompt.
        package var maxChunks = AgentContext.defaultMaxContextChunks
        /// A chunk's text is cut to this many characters, at a line end (the retriever cuts at 4000).
        package var clip = 4000
        /// When above 0, the chunks' text stops at this many characters in all (the last chunk is
        /// clipped to what is left; below 200 left, no more chunks). 13,000 characters is about
        /// 3,600 tokens of prompt with the file lists, what the untuned pull cost (bench/rag/recall.py).
        package var maxCharacters = 13000
        /// A whole-file chunk that the clip cut short is left out (the file stays in the files list).
        package var skipClippedFiles = false
        /// A chunk whose shown lines an earlier chunk already shows is left out, and a chunk that
        /// shows all of earlier chunks' lines takes the first one's place (the others go).
        package var skipShownLines = true
        /// When above 0, each top source file shows this many lines around its best chunk (from
        /// line 1 when that is the whole file) instead of the chunk alone (at most 200).
        package var window = 0
        /// When above 0, chunk search goes `searchDepth` hits deep and the hits in this many top
        /// source files come before the other hits (each query's first `perQuery`).
        package var focusFiles = 2
        /// How deep the focused search goes.
        package var searchDepth = 100

        /// The roles' defaults.
        package init() {}
    }

    /// The role the context was pulled for.
    package var role: Role
    /// The ranked files, as the prompt lists them.
    package var files: RankedFiles
    /// The chunks, in prompt order, as the prompt shows them.
    package var chunks: [RetrievedChunk]

    /// The queries `role` searches chunks with.
    package static func queries(_ role: Role, request: String, plan: Plan?) -> (files: String, chunks: [String]) {
        switch role {
        case .requestPlanner: return (request, [request])
        case .codePlanner:
            let steps = plan?.steps ?? []
            return (([request] + steps).joined(separator: "\n"), steps + (plan?.affectedPaths ?? []) + [request])
        }
    }

    /// Pulls `role`'s context for `request` (and, for the Code-Planner, `plan`) from `retriever`.
    /// No retriever, or a retrieval that fails, gives less context, never an error.
    package static func pull(_ role: Role, request: String, plan: Plan? = nil, retriever: (any Retriever)?,
                             settings: Settings = Settings()) async -> PlannerContext {
        guard let retriever else { return PlannerContext(role: role, files: RankedFiles(), chunks: []) }
        let queries = queries(role, request: request, plan: plan)
        let files = (try? await retriever.rankFiles(query: queries.files, k: settings.rankedFiles)) ?? RankedFiles()
        let perQuery = settings.perQuery ?? (role == .requestPlanner ? 6 : 3)
        let focus = Set(files.source.prefix(settings.focusFiles).map(\.path))
        var focused: [RetrievedChunk] = []
        var hits: [RetrievedChunk] = []
        for query in queries.chunks where Set((focused + hits).map(\.id)).count < settings.topFiles + settings.maxChunks {
            let found = (try? await retriever.similaritySearch(query: query, k: focus.isEmpty ? perQuery : max(perQuery, settings.searchDepth))) ?? []
            focused += found.filter { focus.contains($0.path) }
            hits += found.prefix(perQuery)
        }
        var top = Array(files.source.prefix(settings.topFiles))
        if settings.window > 0 { top = await windows(top, lines: min(settings.window, 200), retriever: retriever) }
        let candidates = top + focused + hits
        return PlannerContext(role: role, files: files, chunks: select(Array(candidates), settings: settings))
    }

    /// Each of `chunks` widened to `lines` lines around it (from line 1 for a whole file or a bare
    /// path); a window the retriever cannot give leaves the chunk as it is.
    static func windows(_ chunks: [RetrievedChunk], lines: Int, retriever: any Retriever) async -> [RetrievedChunk] {
        var widened: [RetrievedChunk] = []
        for chunk in chunks {
            var low = 1
            if chunk.symbol != nil, let start = chunk.startLine, let end = chunk.endLine {
                low = end - start + 1 >= lines ? start : max(1, (start + end) / 2 - lines / 2)
            }
            let window = try? await retriever.snippet(id: "\(chunk.path):\(low)-\(low + lines - 1)")
            widened.append(window.flatMap { $0.hasText ? $0 : nil } ?? chunk)
        }
        return widened
    }

    /// `candidates` clipped, deduplicated, empty ones left out, at most `settings.maxChunks`.
    static func select(_ candidates: [RetrievedChunk], settings: Settings) -> [RetrievedChunk] {
        var chosen: [RetrievedChunk] = []
        var seen = Set<String>()
        for candidate in candidates where candidate.hasText && chosen.count < settings.maxChunks {
            let left = settings.maxCharacters > 0 ? settings.maxCharacters - chosen.reduce(0) { $0 + $1.text.count } : Int.max
            guard left >= 200 else { break }
            guard seen.insert(candidate.id).inserted else { continue }
            let chunk = clipped(candidate, to: min(settings.clip, left))
            guard chunk.hasText else { continue }
            if settings.skipClippedFiles, chunk.symbol == nil, chunk.shownEndLine.map({ $0 < (chunk.endLine ?? $0) }) == true { continue }
            if settings.skipShownLines {
                if chosen.contains(where: { shows($0, chunk) }) { continue }
                if let first = chosen.firstIndex(where: { shows(chunk, $0) }) {
                    chosen[first] = chunk
                    chosen = chosen.enumerated().filter { $0.offset == first || !shows(chunk, $0.element) }.map(\.element)
                    continue
                }
            }
            chosen.append(chunk)
        }
        return chosen
    }

    /// Whether `outer` shows every line `inner` shows (both from the same file).
    static func shows(_ outer: RetrievedChunk, _ inner: RetrievedChunk) -> Bool {
        guard outer.path == inner.path, let start = outer.startLine, let end = outer.shownEndLine,
              let innerStart = inner.startLine, let innerEnd = inner.shownEndLine else { return false }
        return start <= innerStart && innerEnd <= end
    }

    /// `chunk` with its text cut to `limit` characters at the last line end before it.
    static func clipped(_ chunk: RetrievedChunk, to limit: Int) -> RetrievedChunk {
        guard chunk.text.count > limit else { return chunk }
        var cut = chunk
        let head = chunk.text.prefix(limit + 1)
        if head.last == "\n" {
            cut.text = String(head.dropLast())
        } else {
            let kept = head.dropLast()
            cut.text = String(kept.lastIndex(of: "\n").map { kept[..<$0] } ?? kept)
        }
        return cut
    }

    /// The prompt text: the files sections, then the context section (either may be empty).
    package var promptSection: String { RoleSupport.filesSection(files) + RoleSupport.contextSection(chunks) }

    /// A rough token count of the prompt text (UTF-8 bytes / 4, as budgets estimate prompts).
    package var estimatedTokens: Int { Self.estimatedTokens(promptSection) }

    /// UTF-8 bytes / 4, rounded up.
    package static func estimatedTokens(_ text: String) -> Int { (text.utf8.count + 3) / 4 }

    /// The estimate for one chunk as the context section shows it (its id line and fence included).
    package static func estimatedTokens(_ chunk: RetrievedChunk) -> Int { estimatedTokens(AgentContext.format([chunk])) }
}

extension RetrievedChunk {
    /// The last line whose text the chunk carries (a clipped chunk shows fewer lines than it spans).
    package var shownEndLine: Int? {
        guard let startLine else { return nil }
        var text = Substring(text)
        if text.hasSuffix("\n") { text = text.dropLast() }
        let shown = startLine + text.reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
        return min(shown, endLine ?? shown)
    }
}
