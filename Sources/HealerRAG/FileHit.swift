// One file that answers a request, with the evidence that ranked it.

/// A file ranked for a request by ``RAGIndex/rankFiles(_:k:)``: best first within its list.
package struct FileHit: Sendable, Codable, Equatable {
    /// The file's path in the indexed revision.
    package var path: String
    /// Where the file stands in a change: source (where to change) or context.
    package var role: FileRole
    /// The fused score: higher is better; comparable only within one ranking.
    package var score: Double
    /// Each signal's share, 0...1 (its value over the best value any file got for this query):
    /// `file` (BM25 of the whole file), `symbol` (its best symbol chunk), `names` (query words
    /// that name a symbol it defines), `path` (query words in its path), `commits` (files changed
    /// by past commits whose messages resemble the request), `subjects` (the subjects of the
    /// commits that touched it), `coChange` (changed together with the best lexical files),
    /// `recency` (how often and recently it changed). Signals at 0 are left out.
    package var evidence: [String: Double]
    /// The file's best-matching chunk (a symbol, or the whole file), for ``RAGIndex/snippet(_:)``.
    package var bestChunk: Hit?

    /// Creates a file hit.
    package init(path: String, role: FileRole, score: Double, evidence: [String: Double], bestChunk: Hit?) {
        self.path = path
        self.role = role
        self.score = score
        self.evidence = evidence
        self.bestChunk = bestChunk
    }
}

/// Files for a request, ranked apart: where the change goes, and what to read or update with it.
package struct FileRanking: Sendable, Codable, Equatable {
    /// Source files, best first: where the change most likely goes.
    package var source: [FileHit]
    /// Tests, documentation, changelogs and other files, best first.
    package var context: [FileHit]

    /// Creates a ranking.
    package init(source: [FileHit], context: [FileHit]) {
        self.source = source
        self.context = context
    }
}
