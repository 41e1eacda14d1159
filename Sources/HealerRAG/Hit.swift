// One result of a similarity search.

/// A chunk that answers a query, best first in a result list.
public struct Hit: Sendable, Codable, Equatable {
    /// The chunk's id (`BLOB:ORDINAL`); pass it to ``RAGIndex/snippet(_:)``.
    public var chunkID: String
    /// The file's path in the indexed revision.
    public var path: String
    /// The symbol's name, or `nil` for a whole-file chunk.
    public var symbol: String?
    /// The enclosing type or scope, when there is one.
    public var container: String?
    /// What the chunk spans.
    public var kind: ChunkKind
    /// The first line, 1-based.
    public var startLine: Int
    /// The last line, 1-based and inclusive.
    public var endLine: Int
    /// The fused score: higher is better; comparable only within one result list.
    public var score: Double
    /// The id of the blob the chunk came from.
    public var blob: String
    /// Which strategies found it: `symbol` (exact symbol name), `bm25`, `embedding`, `history`
    /// (the subjects of the commits that touched the file matched the query).
    public var matchedBy: [String]

    /// Creates a hit.
    public init(chunkID: String, path: String, symbol: String?, container: String?, kind: ChunkKind,
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
public struct GrepMatch: Sendable, Codable, Equatable {
    /// The file's path in the indexed revision.
    public var path: String
    /// The line number, 1-based.
    public var line: Int
    /// The line's text, without its line break.
    public var text: String

    /// Creates a match.
    public init(path: String, line: Int, text: String) {
        self.path = path
        self.line = line
        self.text = text
    }
}

/// The text of a chunk with where it lives.
public struct Snippet: Sendable, Codable, Equatable {
    /// The chunk's id.
    public var chunkID: String
    /// The file's path in the indexed revision (or the first path the blob was seen at).
    public var path: String
    /// The symbol's name, or `nil` for a whole file.
    public var symbol: String?
    /// What the chunk spans.
    public var kind: ChunkKind
    /// The first line, 1-based.
    public var startLine: Int
    /// The last line, 1-based and inclusive.
    public var endLine: Int
    /// The lines `startLine...endLine`, joined by line breaks.
    public var text: String
    /// The id of the blob the text came from.
    public var blob: String
}

/// What an indexing run did.
public struct IndexReport: Sendable, Codable, Equatable {
    /// The commit that was indexed.
    public var revision: String
    /// Files in the revision's tree.
    public var filesSeen: Int
    /// Files left out by path (vendored, generated, lock files, not regular files).
    public var filesSkipped: Int
    /// Blobs read and indexed (or classified as skipped by content) in this run.
    public var blobsIndexed: Int
    /// Blobs already in the index from an earlier run, reused as they were.
    public var blobsReused: Int
    /// Chunks written in this run (whole files plus symbols).
    public var chunks: Int
    /// Wall-clock time of the run.
    public var seconds: Double
}

/// Progress of an indexing run, reported after each batch.
public struct IndexProgress: Sendable, Equatable {
    /// Blobs processed so far in this run.
    public var blobsDone: Int
    /// Blobs this run has to process.
    public var blobsTotal: Int
    /// Chunks written so far.
    public var chunks: Int
}
