// The standard tools the roles offer, built from an AgentContext's back ends.

/// The standard tools, by the names the model sees.
package enum ToolKind: String, CaseIterable, Sendable {
    /// `rag.similarity_search`: the chunks most relevant to a query.
    case similaritySearch = "rag_similarity_search"
    /// `rag.grep_like`: chunks matching a regular expression.
    case grepLike = "rag_grep_like"
    /// `rag.snippet`: one chunk by id or `path:start-end`.
    case snippet = "rag_snippet"
    /// `git.read_file`: a file at the run's revision.
    case readFile = "read_file"
    /// `git.diff`: the run's changes so far.
    case gitDiff = "git_diff"
    /// `patch.apply`: a dry run of a unified diff.
    case applyPatch = "apply_patch"
    /// `shell.exec`: a command in the sandbox.
    case shellExec = "shell_exec"
}

extension AgentContext {
    /// The tools of `kinds` whose back end is present.
    package func tools(_ kinds: [ToolKind]) -> [AgentTool] {
        kinds.compactMap(tool)
    }

    private func tool(_ kind: ToolKind) -> AgentTool? {
        let object = { (properties: [String: JSONValue], required: [String]) -> JSONValue in
            .object(["type": "object", "properties": .object(properties), "required": .array(required.map { .string($0) }), "additionalProperties": false])
        }
        switch kind {
        case .similaritySearch:
            guard let retriever else { return nil }
            let limit = maxContextChunks
            return AgentTool(name: kind.rawValue, description: "Find the code chunks most relevant to a natural-language or code query.",
                             parameters: object(["query": ["type": "string", "maxLength": 500], "k": ["type": "integer"]], ["query", "k"])) { arguments in
                let k = min(max(arguments["k"]?.intValue ?? 5, 1), limit)
                return Self.format(try await retriever.similaritySearch(query: arguments["query"]?.stringValue ?? "", k: k))
            }
        case .grepLike:
            guard let retriever else { return nil }
            return AgentTool(name: kind.rawValue, description: "Find the lines that match a regular expression (an identifier, a string); each hit's [path:line] id works with rag_snippet.",
                             parameters: object(["regex": ["type": "string", "maxLength": 300]], ["regex"])) { arguments in
                Self.format(try await retriever.grepLike(regex: arguments["regex"]?.stringValue ?? ""))
            }
        case .snippet:
            guard let retriever else { return nil }
            return AgentTool(name: kind.rawValue, description: "Get one chunk by the id a search or grep result shows, or lines of a file by 'path:start-end', 'path:line' or 'path'.",
                             parameters: object(["id": ["type": "string", "maxLength": 500]], ["id"])) { arguments in
                let id = arguments["id"]?.stringValue ?? ""
                switch await Self.resolve(id, retriever: retriever) {
                case .success(let chunk): return Self.format([chunk])
                case .failure(let failure): throw failure
                }
            }
        case .readFile:
            guard let workspace else { return nil }
            return AgentTool(name: kind.rawValue, description: "Read a whole file at the run's revision, by its path relative to the repository root.",
                             parameters: object(["path": ["type": "string", "maxLength": 500]], ["path"])) { arguments in
                try await workspace.readFile(arguments["path"]?.stringValue ?? "")
            }
        case .gitDiff:
            guard let workspace else { return nil }
            return AgentTool(name: kind.rawValue, description: "Show the run's changes so far as a unified diff (empty when nothing changed yet).",
                             parameters: object([:], [])) { _ in
                let diff = try await workspace.diff()
                return diff.isEmpty ? "(no changes yet)" : diff
            }
        case .applyPatch:
            guard let workspace else { return nil }
            return AgentTool(name: kind.rawValue, description: "Check that a unified diff applies cleanly to the run's revision (a dry run: nothing is written; put the patch in your final answer).",
                             parameters: object(["patch": ["type": "string"]], ["patch"])) { arguments in
                let paths = try await workspace.checkPatch(arguments["patch"]?.stringValue ?? "")
                return "the patch applies cleanly; it touches: \(paths.joined(separator: ", "))"
            }
        case .shellExec:
            guard let shell else { return nil }
            let timeout = shellTimeoutSeconds
            return AgentTool(name: kind.rawValue, description: "Run a shell command with sh -c in \(shell.isolation), \(Int(timeout)) s limit; for builds, tests and inspection.",
                             parameters: object(["command": ["type": "string", "maxLength": 2000]], ["command"])) { arguments in
                try await shell.exec(arguments["command"]?.stringValue ?? "", timeoutSeconds: timeout).toolText(timeoutSeconds: timeout)
            }
        }
    }

    /// Chunks as prompt text: `[id] path:lines (symbol)` and the text in a fence.
    static func format(_ chunks: [RetrievedChunk]) -> String {
        let chunks = chunks.filter(\.hasText)
        if chunks.isEmpty { return "(no matches)" }
        return chunks.map { chunk in
            "[\(chunk.id)] \(chunk.location)\(chunk.symbol.map { " (\($0))" } ?? "")\n```\n\(chunk.text)\n```"
        }.joined(separator: "\n\n")
    }

    /// What context ids look like, for a model that gave one that resolves to nothing.
    static let idForms = "ids look like the [id] a rag_similarity_search or rag_grep_like result shows (BLOB:ORDINAL, path:line), path:start-end, or a path relative to the repository root"

    /// The chunk `id` names, or a failure that tells the model what was wrong and what ids look like.
    static func resolve(_ id: String, retriever: any Retriever) async -> Result<RetrievedChunk, ToolFailure> {
        do {
            guard let chunk = try await retriever.snippet(id: id) else { return .failure(ToolFailure("no chunk '\(id)'; \(idForms)")) }
            guard chunk.hasText else { return .failure(ToolFailure("'\(id)' is empty; there is nothing to show")) }
            return .success(chunk)
        } catch {
            let message = "\(error)"
            return .failure(ToolFailure(message.contains("ids look like") ? message : "\(message); \(idForms)"))
        }
    }
}
