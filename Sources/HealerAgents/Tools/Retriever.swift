// What the roles need from retrieval (the RAG service adapts to this).

/// A piece of the repository returned by retrieval.
package struct RetrievedChunk: Codable, Sendable, Equatable {
    /// The chunk's id, usable with ``Retriever/snippet(id:)`` and in ``HealerState/CodingTask/contextBlobs``.
    package var id: String
    /// The file it comes from.
    package var path: String
    /// The first line, when known (1-based).
    package var startLine: Int?
    /// The last line, when known.
    package var endLine: Int?
    /// The symbol it holds, when it is a symbol chunk.
    package var symbol: String?
    /// The text.
    package var text: String
    /// The ranking score, when it came from a search.
    package var score: Double?

    /// Creates a chunk.
    package init(id: String, path: String, startLine: Int? = nil, endLine: Int? = nil, symbol: String? = nil, text: String, score: Double? = nil) {
        self.id = id
        self.path = path
        self.startLine = startLine
        self.endLine = endLine
        self.symbol = symbol
        self.text = text
        self.score = score
    }

    /// Whether the chunk has text other than white space (an empty file's chunk has none and
    /// never enters a prompt).
    package var hasText: Bool { text.contains { !$0.isWhitespace } }

    /// `path:start-end` (or the path alone), for prompts.
    package var location: String {
        guard let startLine else { return path }
        return "\(path):\(startLine)-\(endLine ?? startLine)"
    }
}

/// Retrieval over the repository at the run's revision: the roles' `rag_*` tools.
package protocol Retriever: Sendable {
    /// The `k` chunks most relevant to `query`.
    func similaritySearch(query: String, k: Int) async throws -> [RetrievedChunk]
    /// Chunks whose text matches `regex`.
    func grepLike(regex: String) async throws -> [RetrievedChunk]
    /// The chunk with this id (as a search or grep result shows it), or the lines `path:start-end`,
    /// `path:line` or `path` name at the run's revision; `nil` or an error that says why when
    /// there is none.
    func snippet(id: String) async throws -> RetrievedChunk?
    /// The `k` best source files and the `k` best context files for `query`.
    func rankFiles(query: String, k: Int) async throws -> RankedFiles
}

extension Retriever {
    /// Retrievers without a file ranking rank nothing.
    package func rankFiles(query: String, k: Int) async throws -> RankedFiles { RankedFiles() }
}

/// The files of the run's revision that best answer a request, ranked apart: where the change
/// most likely goes (source) and what helps to make it (tests, documentation, changelogs).
package struct RankedFiles: Sendable, Equatable {
    /// Source files, best first, each as its best chunk (or the path alone with empty text).
    package var source: [RetrievedChunk]
    /// Context files, best first, in the same form.
    package var context: [RetrievedChunk]

    /// Creates a ranking.
    package init(source: [RetrievedChunk] = [], context: [RetrievedChunk] = []) {
        self.source = source
        self.context = context
    }
}
