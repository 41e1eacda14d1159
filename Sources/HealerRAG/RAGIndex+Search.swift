// similarity_search: exact symbol names first, then BM25 fused with dense vectors and history priors.
import Foundation

extension RAGIndex {
    /// BM25 column weights: a match in a symbol's name counts most, then the path, then the body.
    static let defaultColumnWeights = (symbol: 3.0, path: 1.0, body: 1.0)

    /// The `k` chunks of the current revision that best answer `query`, best first.
    ///
    /// When `query` is a bare symbol name (`parseHeader`, `Server.start`), chunks defining
    /// that symbol rank on top; then BM25 over code-aware terms, fused by reciprocal rank with
    /// dense-vector similarity when an embeddings endpoint is configured and answering, and with
    /// files whose commits' subjects match the query when ``Settings/historyPriors`` is on.
    ///
    /// - Throws: ``RAGError/Code/invalidArgument`` for an empty query or `k` outside 1...1000,
    ///   ``RAGError/Code/notIndexed`` before the first ``index(revision:progress:)``.
    package func similaritySearch(_ query: String, k: Int = 10) throws(RAGError) -> [Hit] {
        let trimmed = query.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw RAGError(.invalidArgument, "the query is empty; pass words or a symbol name") }
        guard (1...1000).contains(k) else { throw RAGError(.invalidArgument, "k must be between 1 and 1000, not \(k)") }
        let scope = try currentScope()
        var hits: [Hit] = []
        var taken = Set<Int64>()
        for row in try symbolRows(trimmed, scope: scope) where taken.insert(row.id).inserted {
            hits.append(row.hit(path: scope.path(ofBlob: row.blobID), score: 1_000_000 - Double(hits.count), matchedBy: ["symbol"]))
            if hits.count == k { return hits }
        }
        let depth = max(k * 3, 30)
        let lexical = try bm25Ranking(trimmed, limit: depth, blobMask: scope.blobMask)
        let dense = try vectorRanking(trimmed, limit: depth, commit: scope.commit)
        var fused: [Int64: (score: Double, by: [String])] = [:]
        for (rank, id) in lexical.enumerated() { fused[id, default: (0, [])].score += 1 / (60 + Double(rank + 1)); fused[id]?.by.append("bm25") }
        for (rank, id) in dense.enumerated() { fused[id, default: (0, [])].score += 1 / (60 + Double(rank + 1)); fused[id]?.by.append("embedding") }
        try fuseHistory(trimmed, lexical: lexical, depth: depth, scope: scope, into: &fused)
        let order = fused.sorted { $0.value.score != $1.value.score ? $0.value.score > $1.value.score : $0.key < $1.key }
        let rows = try chunkRows(order.map(\.key).filter { !taken.contains($0) }.prefix(k - hits.count).map { $0 })
        try scope.loadPaths(rows.map(\.blobID))
        for row in rows {
            guard let entry = fused[row.id] else { continue }
            hits.append(row.hit(path: scope.path(ofBlob: row.blobID), score: entry.score, matchedBy: entry.by))
        }
        return hits
    }

    /// Chunk row ids ranked by BM25 (``BM25Scorer`` over the postings tables), best first.
    func bm25Ranking(_ query: String, limit: Int, blobMask: [Bool]) throws(RAGError) -> [Int64] {
        var terms = Self.searchTerms(query)
        guard !terms.isEmpty else { return [] }
        try lexicalStatistics.refresh(from: store)
        // Terms in a large share of all chunks carry almost no weight in BM25 but cost the most
        // to score; drop them unless nothing would be left. (Off by default: n here counts every
        // indexed chunk, not the revision's, so which terms drop can change as the index grows.)
        if commonTermFraction < 1, terms.count > 1 {
            let total = Double(max(lexicalStatistics.documents, 1))
            let frequencies = try store.documentFrequencies(terms, segments: lexicalStatistics.segments)
            let selective = terms.filter { Double(frequencies[$0] ?? 0) / total <= commonTermFraction }
            let present = selective.filter { frequencies[$0] != nil }
            if !present.isEmpty { terms = present }
        }
        return try scorer.rank(terms, weights: columnWeights, statistics: lexicalStatistics, store: store, blobMask: blobMask, limit: limit)
    }

    /// The terms BM25 looks up for `query`: its query terms (stopwords only when nothing else is
    /// left), split on underscores as the index splits them (see ``ChunkTermCounts``).
    static func searchTerms(_ query: String) -> [String] {
        var terms = CodeTerms.queryTerms(query)
        if terms.isEmpty {
            // Only stopwords: search for them rather than for nothing.
            var seen = Set<String>()
            terms = CodeTerms.allTerms(query).filter { seen.insert($0).inserted }
        }
        var seen = Set<String>()
        return terms.flatMap { $0.split(separator: "_").map(String.init) }.filter { seen.insert($0).inserted }
    }

    /// Chunks whose symbol is exactly `query` (or `Container.name`), case-sensitive matches first.
    func symbolRows(_ query: String, scope: RevisionScope) throws(RAGError) -> [ChunkRow] {
        let isSymbol = query.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "." }
            && !(query.first?.isNumber ?? true)
        guard isSymbol else { return [] }
        let parts = query.split(separator: ".")
        guard let name = parts.last.map(String.init) else { return [] }
        let container = parts.count > 1 ? parts.dropLast().joined(separator: ".") : nil
        var rows = try store.database.rows("""
            SELECT \(ChunkRow.columns) FROM chunks c JOIN blobs b ON b.id = c.blob_id WHERE c.symbol = ? COLLATE NOCASE
            """, [.text(name)], ChunkRow.init).filter { scope.contains($0.blobID) }
        if let container {
            rows = rows.filter { ($0.container ?? "").lowercased().hasSuffix(container.lowercased()) }
        }
        // Exact case first, then types before members, then by path for a stable order.
        try scope.loadPaths(rows.map(\.blobID))
        return rows.sorted { lhs, rhs in
            let left = (lhs.symbol == name ? 0 : 1, lhs.kind.isType ? 0 : 1, scope.path(ofBlob: lhs.blobID) ?? "", lhs.startLine)
            let right = (rhs.symbol == name ? 0 : 1, rhs.kind.isType ? 0 : 1, scope.path(ofBlob: rhs.blobID) ?? "", rhs.startLine)
            return left < right
        }
    }

    /// The chunk rows with these ids, in the order given.
    func chunkRows(_ ids: [Int64]) throws(RAGError) -> [ChunkRow] {
        guard !ids.isEmpty else { return [] }
        let list = ids.map(String.init).joined(separator: ",")
        let rows = try store.database.rows("SELECT \(ChunkRow.columns) FROM chunks c JOIN blobs b ON b.id = c.blob_id WHERE c.id IN (\(list))", [], ChunkRow.init)
        let byID = Dictionary(rows.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return ids.compactMap { byID[$0] }
    }
}

/// A chunk as stored, with its blob's id.
struct ChunkRow {
    static let columns = "c.id, c.blob_id, c.ordinal, c.kind, c.symbol, c.container, c.start_line, c.end_line, b.blob"
    var id: Int64
    var blobID: Int64
    var ordinal: Int64
    var kind: ChunkKind
    var symbol: String?
    var container: String?
    var startLine: Int
    var endLine: Int
    var blob: String

    init(_ row: SQLiteDatabase.Row) {
        id = row.int(0)
        blobID = row.int(1)
        ordinal = row.int(2)
        kind = ChunkKind(rawValue: row.text(3)) ?? .other
        symbol = row.optionalText(4)
        container = row.optionalText(5)
        startLine = Int(row.int(6))
        endLine = Int(row.int(7))
        blob = row.text(8)
    }

    var chunkID: String { "\(blob):\(ordinal)" }

    func hit(path: String?, score: Double, matchedBy: [String]) -> Hit {
        Hit(chunkID: chunkID, path: path ?? "", symbol: symbol, container: container, kind: kind,
            startLine: startLine, endLine: endLine, score: score, blob: blob, matchedBy: matchedBy)
    }
}

extension ChunkKind {
    var isType: Bool {
        switch self {
        case .class, .struct, .enum, .protocol, .actor, .interface, .trait: true
        default: false
        }
    }
}

extension RAGIndex {
    /// The symbol chunks of the file at `path` in the current revision, in line order: an
    /// outline of the file, each entry readable with ``snippet(_:)``.
    ///
    /// - Throws: ``RAGError/Code/invalidArgument`` when the path is not an indexed file.
    package func outline(of path: String) throws(RAGError) -> [Hit] {
        let files = try currentFiles()
        guard let file = files.files.first(where: { $0.path == path }) else {
            throw RAGError(.invalidArgument, "'\(path)' is not an indexed file of \(files.commit.prefix(7)); check the path (vendored, generated and binary files are not indexed)")
        }
        return try store.database.rows(
            "SELECT \(ChunkRow.columns) FROM chunks c JOIN blobs b ON b.id = c.blob_id WHERE c.blob_id = ? AND c.ordinal > 0 ORDER BY c.ordinal",
            [.integer(file.blobID)], ChunkRow.init
        ).map { $0.hit(path: files.pathsByBlobID[$0.blobID], score: 0, matchedBy: []) }
    }
}
