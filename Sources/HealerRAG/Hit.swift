// One result of a similarity search.

/// A chunk that answers a query, best first in a result list.
package struct Hit: Sendable, Codable, Equatable {
    /// The chunk's id (`BLOB:ORDINAL`); pass it to ``RAGIndex/snippet(_:)``.
    package var chunkID: String
    /// The file's path in the indexed revision.
    package var path: String
    /// The symbol's name, or `nil` for a whole-file chunk.
    package var symbol: String?
    /// The enclosing type or scope, when there is one.
    package var container: String?
    /// What the chunk spans.
    package var kind: ChunkKind
    /// The first line, 1-based.
    package var startLine: Int
    /// The last line, 1-based and inclusive.
    package var endLine: Int
    /// The fused score: higher is better; comparable only within one result list.
    package var score: Double
    /// The id of the blob the chunk came from.
    package var blob: String
    /// Which strategies found it: `symbol` (exact symbol name), `bm25`, `embedding`, `history`
    /// (the subjects of the commits that touched the file matched the query).
    package var matchedBy: [String]

    /// Creates a hit.
    package init(chunkID: String, path: String, symbol: String?, container: String?, kind: ChunkKind,
                startLine: Int, endLine: Int, score: Double, blob: String, matchedBy: [String]) {
        self.chunkID = chunkID
        self.path = path
        self.symbol = symbol
        self.container = container
        self.kind = kind
        self.startLine = startLine
        self.endLine = endLine
        self.score = score
        self.blob = blob
        self.matchedBy = matchedBy
    }
}

/// One line that matches a `grep_like` pattern.
package struct GrepMatch: Sendable, Codable, Equatable {
    /// The file's path in the indexed revision.
    package var path: String
    /// The line number, 1-based.
    package var line: Int
    /// The line's text, without its line break.
    package var text: String

    /// Creates a match.
    package init(path: String, line: Int, text: String) {
        self.path = path
        self.line = line
        self.text = text
    }
}

/// The text of a chunk with where it lives.
package struct Snippet: Sendable, Codable, Equatable {
    /// The chunk's id.
    package var chunkID: String
    /// The file's path in the indexed revision (or the first path the blob was seen at).
    package var path: String
    /// The symbol's name, or `nil` for a whole file.
    package var symbol: String?
    /// What the chunk spans.
    package var kind: ChunkKind
    /// The first line, 1-based.
    package var startLine: Int
    /// The last line, 1-based and inclusive.
    package var endLine: Int
    /// The lines `startLine...endLine`, joined by line breaks.
    package var text: String
    /// The id of the blob the text came from.
    package var blob: String
}

/// What an indexing run did.
package struct IndexReport: Sendable, Codable, Equatable {
    /// The commit that was indexed.
    package var revision: String
    /// Files in the revision's tree.
    package var filesSeen: Int
    /// Files left out by path (vendored, generated, lock files, not regular files).
    package var filesSkipped: Int
    /// Blobs read and indexed (or classified as skipped by content) in this run.
    package var blobsIndexed: Int
    /// Blobs already in the index from an earlier run, reused as they were.
    package var blobsReused: Int
    /// Chunks written in this run (whole files plus symbols).
    package var chunks: Int
    /// Wall-clock time of the run.
    package var seconds: Double
}

/// Progress of an indexing run, reported after each batch.
package struct IndexProgress: Sendable, Equatable {
    /// Blobs processed so far in this run.
    package var blobsDone: Int
    /// Blobs this run has to process.
    package var blobsTotal: Int
    /// Chunks written so far.
    package var chunks: Int
}
