// Fusing history priors (recency of change, commit subjects) with the BM25 candidates.
import Foundation

/// How much each history prior weighs in the reciprocal-rank fusion (0 turns it off); BM25 and
/// dense vectors weigh 1.
struct HistoryFusion: Equatable {
    /// The BM25 candidates re-ranked by their file's recency-weighted change count.
    var recency = 0.0
    /// Files ranked by BM25 over the subjects of the commits that touched them.
    var messages = 0.0
    /// Files that changed together with the files of BM25's best candidates.
    var coChange = 0.0
    /// How many of BM25's best files seed the co-change ranking.
    var coChangeSeeds = 3
    /// Commits read back from the revision.
    var commits = 2000
    /// The age, in commits, at which a change counts half.
    var halfLife = 100.0

    var isEnabled: Bool { recency > 0 || messages > 0 || coChange > 0 }
}

extension RAGIndex {
    /// The history priors of the current revision, read once per revision; `nil` when turned off
    /// or when the history cannot be read (a shallow clone missing objects: one warning).
    func historyPriors(commit: String) -> HistoryPriors? {
        guard historyFusion.isEnabled else { return nil }
        if let cached = historyCache, cached.revision == commit, cached.halfLife == historyFusion.halfLife { return cached }
        do throws(RAGError) {
            // The log of a commit never changes: kept in the index, so that a one-shot process
            // (`healer rag query`) starts no git process after the first query of a revision.
            let key = "history:\(commit):\(historyFusion.commits)"
            let log: String
            if let kept = try store.meta(key) {
                log = kept
            } else {
                log = try HistoryPriors.readLog(repository: try gitRepository(), revision: commit, limit: historyFusion.commits)
                // An index that cannot be written to (read-only, busy) still answers.
                try? store.setMeta(key, log)
            }
            let priors = HistoryPriors(revision: commit, log: log, halfLife: historyFusion.halfLife)
            historyCache = priors
            return priors
        } catch {
            warn("history priors are off: \(error.message)")
            // Remember the failure for this revision: no git process per query.
            historyCache = HistoryPriors(revision: commit, log: "", halfLife: historyFusion.halfLife)
            return nil
        }
    }

    /// Adds the history priors' rankings to `fused`, keyed by chunk row id.
    func fuseHistory(_ query: String, lexical: [Int64], depth: Int, scope: RevisionScope, into fused: inout [Int64: (score: Double, by: [String])]) throws(RAGError) {
        guard let priors = historyPriors(commit: scope.commit) else { return }
        let blobIDs = lexicalStatistics.blobIDs
        func blobOf(_ chunk: Int64) -> Int64? { Int(chunk) < blobIDs.count ? Int64(blobIDs[Int(chunk)]) : nil }
        try scope.loadPaths(lexical.compactMap(blobOf))
        func pathOf(_ chunk: Int64) -> String? { blobOf(chunk).flatMap(scope.path(ofBlob:)) }
        func add(_ ranking: [Int64], weight: Double) {
            for (rank, id) in ranking.enumerated() {
                fused[id, default: (0, [])].score += weight / (60 + Double(rank + 1))
                if fused[id]?.by.contains("history") == false { fused[id]?.by.append("history") }
            }
        }
        if historyFusion.recency > 0 {
            let scored = lexical.enumerated().compactMap { rank, id -> (id: Int64, prior: Double, rank: Int)? in
                guard let prior = pathOf(id).flatMap({ priors.recency[$0] }), prior > 0 else { return nil }
                return (id, prior, rank)
            }
            add(scored.sorted { $0.prior != $1.prior ? $0.prior > $1.prior : $0.rank < $1.rank }.map(\.id), weight: historyFusion.recency)
        }
        // A file ranked by a prior stands in the fusion as its best BM25 chunk, or else as itself.
        var bestChunk: [String: Int64] = [:]
        var bestFiles: [String] = []
        for id in lexical {
            if let path = pathOf(id), bestChunk[path] == nil {
                bestChunk[path] = id
                bestFiles.append(path)
            }
        }
        func chunks(_ paths: [String]) throws(RAGError) -> [Int64] {
            var ranking: [Int64] = []
            let blobIDsByPath = try scope.blobIDs(atPaths: paths.filter { bestChunk[$0] == nil })
            for path in paths {
                if let id = bestChunk[path] {
                    ranking.append(id)
                } else if let blobID = blobIDsByPath[path], let id = try store.fileChunk(blobID: blobID) {
                    ranking.append(id)
                }
            }
            return ranking
        }
        if historyFusion.messages > 0 {
            add(try chunks(priors.messageRanking(CodeTerms.queryTerms(query), limit: depth)), weight: historyFusion.messages)
        }
        if historyFusion.coChange > 0 {
            let seeds = Array(bestFiles.prefix(historyFusion.coChangeSeeds))
            add(try chunks(priors.coChangeRanking(with: seeds, limit: depth)), weight: historyFusion.coChange)
        }
    }
}

extension RAGIndex {
    /// Whether ``Settings/historyPriors`` is on when not set: on, because commit subjects
    /// improved ranking on the history benchmark (docs/rag.md).
    package static let historyPriorsByDefault = true
    /// The fusion weights ``Settings/historyPriors`` turns on: commit subjects at half the weight
    /// of BM25. Recency and co-change lowered recall@1 and MRR on the history benchmark, so they
    /// stay off.
    static let defaultHistoryFusion = HistoryFusion(messages: 0.5)
}
