// The evidence rankFiles gathers per file, signal by signal, and the weighted sum that ranks them.

/// Per file of a revision, the value each signal gave it (only positive values, only files of the
/// revision), and the best chunk BM25 found in it.
struct FileSignals {
    /// A file with its weighted score and each signal's share of the best value.
    struct Ranked {
        var path: String
        var score: Double
        var evidence: [String: Double]
    }

    let files: RevisionFiles
    private(set) var scores: [String: [String: Double]] = [:]
    var bestChunks: [String: Int64] = [:]

    init(files: RevisionFiles) {
        self.files = files
    }

    /// Records `signal`'s positive values for the revision's files.
    mutating func add(_ signal: String, _ values: [String: Double]) {
        for (path, value) in values where value > 0 && files.blobIDsByPath[path] != nil {
            scores[path, default: [:]][signal] = value
        }
    }

    /// `signal`'s value for `path`, 0 when it gave none.
    func value(_ signal: String, _ path: String) -> Double { scores[path]?[signal] ?? 0 }

    /// The files by the weighted sum of their signals, each divided by the best value any file
    /// got for that signal; ties by path.
    func ranked(weights: FileSignalWeights) -> [Ranked] {
        let weightOf: [String: Double] = [
            "file": weights.file, "symbol": weights.symbol, "names": weights.names, "path": weights.path,
            "commits": weights.commits, "subjects": weights.subjects, "coChange": weights.coChange, "recency": weights.recency,
        ]
        var best: [String: Double] = [:]
        for values in scores.values {
            for (signal, value) in values { best[signal] = max(best[signal] ?? 0, value) }
        }
        var ranked: [Ranked] = scores.map { path, values in
            var evidence: [String: Double] = [:]
            var score = 0.0
            // Summed in a fixed order: a dictionary's order changes from process to process, and
            // so would the last bits of the sum, and with them a tie (replay depends on it).
            for (signal, value) in values.sorted(by: { $0.key < $1.key }) {
                let share = value / max(best[signal] ?? 1, 1e-12)
                evidence[signal] = (share * 1000).rounded() / 1000
                score += (weightOf[signal] ?? 0) * share
            }
            return Ranked(path: path, score: score, evidence: evidence)
        }
        ranked.sort { $0.score != $1.score ? $0.score > $1.score : $0.path < $1.path }
        return ranked
    }
}
