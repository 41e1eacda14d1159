// File-level retrieval: a file's score from its chunks, its path, its symbols and the history.
import Foundation

/// How much each signal of ``RAGIndex/rankFiles(_:k:)`` weighs; each signal is first divided by
/// the best value any candidate file got for the query, so weights compare across signals.
struct FileSignalWeights: Equatable {
    var file = 1.0
    var symbol = 0.3
    var names = 0.3
    var path = 0.75
    var commits = 0.5
    var subjects = 0.0
    var coChange = 0.0
    var recency = 0.5
    /// How many past commits vote for their files.
    var neighbours = 20
    /// How many of the best lexical source files seed co-change.
    var coChangeSeeds = 3

    /// The weights chosen on the development part of bench/rag/real.py (docs/rag.md).
    static let standard = FileSignalWeights()
}

extension RAGIndex {
    /// The files of the current revision that best answer `query` (a request, a commit message,
    /// an error), ranked apart: the `k` best source files (where a change most likely goes) and
    /// the `k` best context files (tests, documentation, changelogs, others).
    ///
    /// A file's score adds up, each divided by the best value of the query and weighted: BM25
    /// of the whole file, of its best symbol chunk, query words naming a symbol it defines, query
    /// words in its path, and, from the history before the revision, the files changed by the past
    /// commits whose messages resemble the query, the subjects of the commits that touched the
    /// file, and how often and recently it changed. ``FileHit/evidence`` lists each share.
    ///
    /// - Throws: ``RAGError/Code/invalidArgument`` for an empty query or `k` outside 1...1000,
    ///   ``RAGError/Code/notIndexed`` before the first ``index(revision:progress:)``.
    package func rankFiles(_ query: String, k: Int = 10) throws(RAGError) -> FileRanking {
        let trimmed = query.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw RAGError(.invalidArgument, "the query is empty; pass words or a symbol name") }
        guard (1...1000).contains(k) else { throw RAGError(.invalidArgument, "k must be between 1 and 1000, not \(k)") }
        let files = try currentFiles()
        var signals = FileSignals(files: files)
        try addLexicalSignals(trimmed, to: &signals)
        addPathSignal(Set(Self.searchTerms(trimmed)), to: &signals)
        addHistorySignals(trimmed, to: &signals)
        var (source, context) = Self.split(signals.ranked(weights: fileWeights), k: k)
        if source.count < k { source += leastRecentRest(signals, count: k - source.count) }
        let chosen = source + context
        let rows = try chunkRows(chosen.compactMap { signals.bestChunks[$0.path] })
        let rowsByID = Dictionary(rows.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        func hit(_ entry: FileSignals.Ranked) -> FileHit {
            let chunk = signals.bestChunks[entry.path].flatMap { rowsByID[$0] }
            return FileHit(path: entry.path, role: FileRole.classify(entry.path), score: entry.score, evidence: entry.evidence,
                           bestChunk: chunk?.hit(path: chunk.flatMap { files.pathsByBlobID[$0.blobID] }, score: entry.evidence["symbol"] ?? entry.evidence["file"] ?? 0, matchedBy: ["bm25"]))
        }
        return FileRanking(source: source.map(hit), context: context.map(hit))
    }

    /// BM25 of the whole file and of its best symbol chunk, and query words naming its symbols.
    private func addLexicalSignals(_ query: String, to signals: inout FileSignals) throws(RAGError) {
        let terms = Self.searchTerms(query)
        if !terms.isEmpty {
            try lexicalStatistics.refresh(from: store)
            let byBlob = try scorer.blobScores(terms, weights: columnWeights, statistics: lexicalStatistics, store: store, blobMask: signals.files.blobMask)
            var fileScores: [String: Double] = [:]
            var symbolScores: [String: Double] = [:]
            for entry in signals.files.files {
                guard let score = byBlob[Int32(clamping: entry.blobID)] else { continue }
                fileScores[entry.path] = score.file
                symbolScores[entry.path] = score.symbol
                signals.bestChunks[entry.path] = score.bestChunk
            }
            signals.add("file", fileScores)
            signals.add("symbol", symbolScores)
        }
        signals.add("names", try symbolNameScores(query, files: signals.files))
    }

    /// Query words in the path. Path words matter among the lexical leaders: splitting every
    /// matching path of a large repository would cost more than the search.
    private func addPathSignal(_ queryTerms: Set<String>, to signals: inout FileSignals) {
        var candidates = Array(signals.scores.keys)
        if candidates.count > Self.pathCandidates {
            let leaders = signals
            let lexical = { (path: String) -> Double in leaders.value("file", path) + leaders.value("symbol", path) + leaders.value("names", path) }
            candidates = Array(candidates.map { ($0, lexical($0)) }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
                .prefix(Self.pathCandidates).map(\.0))
        }
        var pathScores: [String: Double] = [:]
        for path in candidates {
            let words = Set(CodeTerms.allTerms(Self.pathWithoutExtension(path)))
            pathScores[path] = Double(words.intersection(queryTerms).count)
        }
        signals.add("path", pathScores)
    }

    /// The history's evidence: files changed by similar past commits, commit subjects, co-change
    /// with the lexical leaders, and recency.
    private func addHistorySignals(_ query: String, to signals: inout FileSignals) {
        guard let priors = historyPriors(commit: signals.files.commit) else { return }
        let weights = fileWeights
        let historyTerms = CodeTerms.queryTerms(query)
        if weights.commits > 0 { signals.add("commits", priors.similarCommitVotes(historyTerms, neighbours: weights.neighbours)) }
        if weights.subjects > 0 { signals.add("subjects", priors.messageScores(historyTerms)) }
        if weights.coChange > 0 {
            let seeds = signals.scores.filter { FileRole.classify($0.key) == .source }
                .sorted { ($0.value["file"] ?? 0) + ($0.value["symbol"] ?? 0) > ($1.value["file"] ?? 0) + ($1.value["symbol"] ?? 0) }
                .prefix(weights.coChangeSeeds).map(\.key)
            signals.add("coChange", priors.coChangeScores(with: Array(seeds)))
        }
        if weights.recency > 0 {
            signals.add("recency", Dictionary(uniqueKeysWithValues: signals.scores.keys.compactMap { path in priors.recency[path].map { (path, $0) } }))
        }
    }

    /// The first `k` source files and the first `k` context files of `ranked`.
    private static func split(_ ranked: [FileSignals.Ranked], k: Int) -> (source: [FileSignals.Ranked], context: [FileSignals.Ranked]) {
        var source: [FileSignals.Ranked] = []
        var context: [FileSignals.Ranked] = []
        for entry in ranked where source.count < k || context.count < k {
            if FileRole.classify(entry.path) == .source {
                if source.count < k { source.append(entry) }
            } else if context.count < k {
                context.append(entry)
            }
        }
        return (source, context)
    }

    /// Fewer source files with evidence than asked for: the others follow, those that changed
    /// most often and recently first (a small project's whole source is a short list).
    private func leastRecentRest(_ signals: FileSignals, count: Int) -> [FileSignals.Ranked] {
        let priors = historyPriors(commit: signals.files.commit)
        var rest: [(path: String, recency: Double)] = []
        for file in signals.files.files where signals.scores[file.path] == nil && FileRole.classify(file.path) == .source {
            rest.append((file.path, priors?.recency[file.path] ?? 0))
        }
        rest.sort { $0.recency != $1.recency ? $0.recency > $1.recency : $0.path < $1.path }
        return rest.prefix(count).map { FileSignals.Ranked(path: $0.path, score: 0, evidence: [:]) }
    }

    /// Per file, the query's words that name a symbol the file defines (same case), each
    /// counting 1 / (files defining it) so that `get` or `init` say little. A capitalised word
    /// that starts a line or a sentence (`Add support for...`) is English, not a type name.
    func symbolNameScores(_ query: String, files: RevisionFiles) throws(RAGError) -> [String: Double] {
        var scores: [String: Double] = [:]
        for name in Self.identifierWords(query).sorted().prefix(200) {
            let paths = Set(try store.database.rows("SELECT blob_id, symbol FROM chunks WHERE symbol = ? COLLATE NOCASE", [.text(name)]) { row in
                row.text(1) == name ? row.int(0) : nil
            }.compactMap { $0.flatMap { files.pathsByBlobID[$0] } })
            guard !paths.isEmpty else { continue }
            for path in paths { scores[path, default: 0] += 1 / Double(paths.count) }
        }
        return scores
    }

    /// The words of `text` that may name a symbol: three characters or more, not a number, not
    /// a stopword, and not a capitalised English word opening a line or sentence.
    static func identifierWords(_ text: String) -> Set<String> {
        var words = Set<String>()
        var word: [UInt8] = []
        var opensSentence = true
        // The last byte before the current word that is not a space: a line break, `.`, `:`,
        // `!` or `?` there means the word opens a sentence (0x61 stands for an earlier word).
        var before: UInt8 = 0x0a
        for byte in Array(text.utf8) + [0x20] {
            if CodeTerms.isIdentifierByte(byte) {
                if word.isEmpty { opensSentence = [0x0a, 0x2e, 0x3a, 0x21, 0x3f].contains(before) }
                word.append(byte)
                continue
            }
            if !word.isEmpty { before = 0x61 }
            if byte != 0x20 && byte != 0x09 && byte != 0x0d { before = byte }
            defer { word.removeAll(keepingCapacity: true) }
            guard word.count >= 3, let first = word.first, !(first >= 0x30 && first <= 0x39) else { continue }
            let text = String(decoding: word, as: UTF8.self)
            guard !CodeTerms.stopwords.contains(text.lowercased()) else { continue }
            let capitalisedOnly = first >= 0x41 && first <= 0x5a && word.dropFirst().allSatisfy { $0 >= 0x61 && $0 <= 0x7a }
            if capitalisedOnly && opensSentence { continue }
            words.insert(text)
        }
        return words
    }

    /// How many of the best lexical candidates get the path signal.
    static let pathCandidates = 1000

    /// `path` without its file extension (so that `py` or `go` in a query does not match every file).
    static func pathWithoutExtension(_ path: String) -> String {
        guard let dot = path.lastIndex(of: "."), let slash = path.lastIndex(of: "/").map({ path.index(after: $0) }) ?? Optional(path.startIndex),
              dot > slash else { return path }
        return String(path[..<dot])
    }
}
