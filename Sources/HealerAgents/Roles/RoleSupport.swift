// Pieces the roles share: the edit schema and its checks, pre-pulled context, prompt sections.
import HealerState

/// Shared schemas and helpers of the roles.
enum RoleSupport {
    /// A strict object schema: every property required, no others.
    static func object(_ properties: [String: JSONValue]) -> JSONValue {
        .object(["type": "object", "properties": .object(properties), "required": .array(properties.keys.sorted().map { .string($0) }),
                 "additionalProperties": false])
    }

    static func strings(maxLength: Int = 500, maxItems: Int = 50) -> JSONValue {
        ["type": "array", "items": ["type": "string", "maxLength": .number(Double(maxLength))], "maxItems": .number(Double(maxItems))]
    }

    /// The edits answer of the Coding-Agent and the Test-Builder.
    static let editSchema = ResponseFormat(name: "edits", schema: object([
        "summary": ["type": "string", "maxLength": 500],
        "patch": ["type": "string"],
        "files": ["type": "array", "items": object(["path": ["type": "string", "maxLength": 500], "content": ["type": "string"]])],
        "deletions": strings(),
    ]))

    static let editInstructions = """
        Give your edits either as a unified diff in `patch` (git diff format, paths relative to the repository root, \
        with ---/+++ headers and correct hunk counts; check it with apply_patch first) or as whole files in `files` \
        (path and complete new content); leave the other empty. List files to delete in `deletions`. \
        Never touch .git/, CI configuration or hooks.
        """

    /// Reads the edits answer.
    static func edits(from answer: JSONValue) -> EditSet {
        let writes = (answer["files"]?.arrayValue ?? []).compactMap { file -> EditSet.FileWrite? in
            guard let path = file["path"]?.stringValue, let content = file["content"]?.stringValue else { return nil }
            return EditSet.FileWrite(path: path, content: content)
        }
        return EditSet(summary: answer["summary"]?.stringValue ?? "", patch: answer["patch"]?.stringValue, writes: writes,
                       deletions: (answer["deletions"]?.arrayValue ?? []).compactMap(\.stringValue))
    }

    /// Checks edits: paths and size, that the patch applies, and that tests are not weakened.
    static func problem(with edits: EditSet, context: AgentContext, onlyTests: Bool) async -> AgentError? {
        if let violation = context.editPolicy.violation(for: edits) { return violation }
        if onlyTests, let path = edits.paths.first(where: { !TestIntegrity.isTestPath($0) }) {
            return AgentError(.editRejected, "'\(path)' is not a test file; the Test-Builder may only add or change tests (files under a tests directory or named like *Tests.swift, test_*.py, *_test.go, *.test.ts)")
        }
        if let patch = edits.patch, let workspace = context.workspace {
            do {
                _ = try await workspace.checkPatch(patch)
            } catch {
                return AgentError(.editRejected, "the patch does not apply: \(error); read the file again and regenerate the diff, or give whole files instead")
            }
        }
        var before: [String: String] = [:]
        if let workspace = context.workspace {
            for path in edits.writes.map(\.path) + edits.deletions {
                if let text = try? await workspace.readFile(path) { before[path] = text }
            }
        }
        if context.workspace != nil {
            if let missing = edits.deletions.first(where: { before[$0] == nil }) {
                return AgentError(.editRejected, "deletions: '\(missing)' is not a file in the repository; list only files that exist, by their paths from the repository root")
            }
            if changesNothing(edits, before: before) {
                return AgentError(.editRejected, "the edits change nothing: every file given already has that content; make the change the task asks for")
            }
        }
        return TestIntegrity.error(for: TestIntegrity.check(edits: edits, before: before, allow: context.integrity))
    }

    /// Whether `edits` leave every file as it is: no patch, no deletion, and each written file's
    /// content what it already holds (`before`).
    static func changesNothing(_ edits: EditSet, before: [String: String]) -> Bool {
        (edits.patch ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty && edits.deletions.isEmpty
            && edits.writes.allSatisfy { before[$0.path] == $0.content }
    }

    /// Chunks for `queries` from the retriever, deduplicated, at most `context.maxContextChunks`.
    static func prePull(queries: [String], perQuery: Int, context: AgentContext) async -> [RetrievedChunk] {
        guard let retriever = context.retriever else { return [] }
        var chunks: [RetrievedChunk] = []
        for query in queries where chunks.count < context.maxContextChunks {
            guard let found = try? await retriever.similaritySearch(query: query, k: perQuery) else { continue }
            for chunk in found where chunk.hasText && !chunks.contains(where: { $0.id == chunk.id }) && chunks.count < context.maxContextChunks {
                chunks.append(chunk)
            }
        }
        return chunks
    }

    /// A prompt section naming the ranked files, or nothing.
    static func filesSection(_ files: RankedFiles) -> String {
        func line(_ chunk: RetrievedChunk) -> String {
            chunk.startLine == nil ? "- \(chunk.path)" : "- \(chunk.path) (best match \(chunk.location)\(chunk.symbol.map { " \($0)" } ?? ""))"
        }
        var text = ""
        if !files.source.isEmpty { text += "## Files most likely to change\n" + files.source.map(line).joined(separator: "\n") + "\n" }
        if !files.context.isEmpty { text += "## Related tests and documentation\n" + files.context.map(line).joined(separator: "\n") + "\n" }
        return text
    }

    /// The context a task's ids name: the chunks that resolve (empty ones left out) and, for each
    /// id that does not, why; the Coding-Agent's prompt shows both.
    static func snippets(_ ids: [String], context: AgentContext) async -> ResolvedContext {
        guard let retriever = context.retriever else { return ResolvedContext() }
        var resolved = ResolvedContext()
        for id in ids.prefix(context.maxContextChunks) {
            switch await AgentContext.resolve(id, retriever: retriever) {
            case .success(let chunk) where !resolved.chunks.contains { $0.id == chunk.id }: resolved.chunks.append(chunk)
            case .success: continue
            case .failure(let failure): resolved.unresolved.append((id, failure.message))
            }
        }
        return resolved
    }

    /// A prompt section with chunks, or nothing.
    static func contextSection(_ chunks: [RetrievedChunk]) -> String {
        let chunks = chunks.filter(\.hasText)
        return chunks.isEmpty ? "" : "## Context from the repository\n" + AgentContext.format(chunks) + "\n"
    }

    /// The chunks of `context` and a note on the ids that did not resolve, or nothing.
    static func contextSection(_ context: ResolvedContext) -> String {
        var text = contextSection(context.chunks)
        guard !context.unresolved.isEmpty else { return text }
        text += "\n## Context ids that could not be resolved\n"
        text += context.unresolved.map { "- \($0.id): \($0.problem)" }.joined(separator: "\n")
        text += "\nFind that context yourself with rag_snippet (path:start-end), rag_grep_like or read_file.\n"
        return text
    }

    static func planSection(_ plan: Plan?) -> String {
        guard let plan else { return "" }
        var text = "## Plan\n" + plan.steps.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")
        text += "\nRationale: \(plan.rationale)\n"
        if !plan.affectedPaths.isEmpty { text += "Expected paths: \(plan.affectedPaths.joined(separator: ", "))\n" }
        return text
    }

    /// `text` cut to `limit` bytes with a note.
    static func clip(_ text: String, _ limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        return String(decoding: Array(text.utf8.prefix(limit)), as: UTF8.self) + "\n[… \(text.utf8.count - limit) more bytes; use git_diff or read_file]"
    }
}

/// The context a task's ids resolved to, and the ids that resolved to nothing with the reason.
struct ResolvedContext {
    var chunks: [RetrievedChunk] = []
    var unresolved: [(id: String, problem: String)] = []
}
