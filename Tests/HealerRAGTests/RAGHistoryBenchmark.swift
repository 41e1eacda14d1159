// History-prior benchmark: each commit's subject should find the files that commit changed, with the
// index built at its parent and priors read from the history before it. Runs with HEALER_BENCH=history.
import Foundation
import HealerGit
import Testing
@testable import HealerRAG

@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["HEALER_BENCH"] == "history"))
struct RAGHistoryBenchmark {
    struct Case {
        var parent: String
        var query: String
        var answers: Set<String>
    }

    static let variants: [(name: String, fusion: HistoryFusion)] = [
        ("BM25 alone", HistoryFusion()),
        ("BM25 + recency 0.25", HistoryFusion(recency: 0.25)),
        ("BM25 + recency 0.5", HistoryFusion(recency: 0.5)),
        ("BM25 + recency 1", HistoryFusion(recency: 1)),
        ("BM25 + recency 0.5, half-life 20", HistoryFusion(recency: 0.5, halfLife: 20)),
        ("BM25 + messages 0.25", HistoryFusion(messages: 0.25)),
        ("BM25 + messages 0.5", HistoryFusion(messages: 0.5)),
        ("BM25 + messages 0.75", HistoryFusion(messages: 0.75)),
        ("BM25 + messages 1", HistoryFusion(messages: 1)),
        ("BM25 + co-change 0.25", HistoryFusion(coChange: 0.25)),
        ("BM25 + co-change 0.5", HistoryFusion(coChange: 0.5)),
        ("BM25 + co-change 0.5, 1 seed", HistoryFusion(coChange: 0.5, coChangeSeeds: 1)),
        ("BM25 + messages 0.5 + co-change 0.25", HistoryFusion(messages: 0.5, coChange: 0.25)),
        ("BM25 + messages 0.5 + co-change 0.5", HistoryFusion(messages: 0.5, coChange: 0.5)),
        ("BM25 + recency 0.25 + messages 0.5", HistoryFusion(recency: 0.25, messages: 0.5)),
        ("BM25 + recency 0.5 + messages 0.5", HistoryFusion(recency: 0.5, messages: 0.5)),
    ]

    /// The first-parent commits of `head` with one parent, their subjects and changed paths.
    static func cases(repository: Repository, directory: String, head: String, limit: Int) throws -> [Case] {
        let commits = try repository.commits(from: nil, to: try repository.resolve(head), firstParentOnly: true).suffix(limit)
        return try commits.compactMap { id in
            let info = try repository.commit(id)
            guard info.parents.count == 1, let parent = info.parents.first else { return nil }
            // Both sides of a rename, as `git diff-tree --no-renames` lists them.
            let changed = try repository.diff(from: parent.hex, to: id.hex).files.flatMap { [$0.oldPath, $0.path] }
            return Case(parent: parent.hex, query: info.summary, answers: Set(changed))
        }
    }

    @Test func historyPriors() throws {
        let environment = ProcessInfo.processInfo.environment
        let directory = environment["HEALER_BENCH_HISTORY_REPO"] ?? RAGBenchmark.root
        let database = NSTemporaryDirectory() + "healer-history-bench-\(getpid()).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) } }
        let repository = try Repository.discover(at: directory)
        let index = try RAGIndex.open(repository: repository, path: database)
        let cases = try Self.cases(repository: repository, directory: directory, head: environment["HEALER_BENCH_HISTORY_HEAD"] ?? "HEAD",
                                   limit: Int(environment["HEALER_BENCH_HISTORY_COMMITS"] ?? "") ?? 400)
        var scores = [QualitySet.Scores](repeating: QualitySet.Scores(), count: Self.variants.count)
        var evaluated = 0
        for item in cases {
            try index.index(revision: item.parent)
            let indexed = Set(try index.currentFiles().files.map(\.path))
            let answers = item.answers.intersection(indexed)
            guard !answers.isEmpty, CodeTerms.queryTerms(item.query).count >= 2 else { continue }
            evaluated += 1
            for (number, variant) in Self.variants.enumerated() {
                index.historyFusion = variant.fusion
                let hits = try index.similaritySearch(item.query, k: 30)
                var paths: [String] = []
                for hit in hits where !paths.contains(hit.path) { paths.append(hit.path) }
                func recall(_ k: Int) -> Double { Double(paths.prefix(k).filter(answers.contains).count) / Double(answers.count) }
                scores[number].recall1 += recall(1)
                scores[number].recall5 += recall(5)
                scores[number].recall10 += recall(10)
                if let rank = paths.firstIndex(where: answers.contains) { scores[number].mrr += 1 / Double(rank + 1) }
            }
        }
        RAGBenchmark.report("history set: \(evaluated) commits of \(directory) (subject → changed files that exist at the parent)")
        let count = Double(max(evaluated, 1))
        for (number, variant) in Self.variants.enumerated() {
            let score = scores[number]
            RAGBenchmark.report(String(format: "%@: recall@1 %.3f  recall@5 %.3f  recall@10 %.3f  MRR %.3f", variant.name,
                                       score.recall1 / count, score.recall5 / count, score.recall10 / count, score.mrr / count))
        }
    }
}
