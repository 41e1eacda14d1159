// History priors: how often and how recently each file changed, and the words of the commits that touched it.
import Foundation
import HealerGit

/// Signals from a revision's history that no text index has: per path, a recency-weighted
/// change count (each commit touching the path adds `0.5^(age / halfLife)`, age counted in
/// commits from the revision back), and the subjects of the commits that touched it, searchable
/// by BM25 as one small document per path.
struct HistoryPriors: Sendable {
    /// The commit the history was read from.
    let revision: String
    /// The half-life the recency weights were computed with, in commits.
    let halfLife: Double
    /// Recency-weighted change count per path.
    let recency: [String: Double]
    /// Per term of a commit subject, the paths whose commits used it, with counts.
    private let messagePostings: [String: [(path: String, count: Int)]]
    private let messageLengths: [String: Int]
    /// The paths of each commit read, newest first, and the commits touching each path.
    private let commitPaths: [[String]]
    private let commitsByPath: [String: [Int]]
    private let averageMessageLength: Double

    /// Reads the last `limit` commits of `revision` with `git log --name-only` (renames not
    /// followed: a renamed file starts a new history).
    static func load(repository: Repository, revision: String, limit: Int, halfLife: Double) throws(RAGError) -> HistoryPriors {
        let git = GitCommand(directory: repository.workDirectory ?? repository.gitDirectory)
        let output: GitCommand.Output
        do {
            output = try git.checked(["-c", "core.quotepath=off", "log", "-n", String(limit), "--no-renames", "--format=%x1e%s", "--name-only", revision, "--"])
        } catch {
            throw RAGError(.git, "cannot read the history of \(revision): \(error.description)")
        }
        return HistoryPriors(revision: revision, log: output.stdout, halfLife: halfLife)
    }

    /// Builds the priors from `git log --format=%x1e%s --name-only` output, newest commit first.
    init(revision: String, log: String, halfLife: Double) {
        self.revision = revision
        self.halfLife = halfLife
        var recency: [String: Double] = [:]
        var messages: [String: [String: Int]] = [:]
        var commitPaths: [[String]] = []
        var commitsByPath: [String: [Int]] = [:]
        // Split on bytes: splitting a String by Character costs ~0.3 s on a 2 MB log.
        let bytes = Array(log.utf8)
        for (age, record) in bytes.split(separator: 0x1e).enumerated() {
            let lines = record.split(separator: 0x0a, omittingEmptySubsequences: true).map { String(decoding: $0, as: UTF8.self) }
            guard let subject = lines.first else { continue }
            let paths = Array(lines.dropFirst())
            let weight = pow(0.5, Double(age) / max(halfLife, 1e-9))
            let terms = CodeTerms.queryTerms(subject)
            for path in paths {
                commitsByPath[path, default: []].append(commitPaths.count)
                recency[path, default: 0] += weight
                for term in terms { messages[path, default: [:]][term, default: 0] += 1 }
            }
            commitPaths.append(paths)
        }
        var postings: [String: [(path: String, count: Int)]] = [:]
        var lengths: [String: Int] = [:]
        for (path, terms) in messages {
            lengths[path] = terms.values.reduce(0, +)
            for (term, count) in terms { postings[term, default: []].append((path, count)) }
        }
        self.recency = recency
        self.commitPaths = commitPaths
        self.commitsByPath = commitsByPath
        messagePostings = postings
        messageLengths = lengths
        averageMessageLength = lengths.isEmpty ? 1 : Double(lengths.values.reduce(0, +)) / Double(lengths.count)
    }

    /// Paths ranked by BM25 of `terms` over the subjects of the commits that touched them, best first.
    func messageRanking(_ terms: [String], limit: Int) -> [String] {
        let documents = Double(messageLengths.count)
        var scores: [String: Double] = [:]
        for term in terms {
            guard let hits = messagePostings[term] else { continue }
            let idf = max(log((documents - Double(hits.count) + 0.5) / (Double(hits.count) + 0.5)), 1e-6)
            for (path, count) in hits {
                let frequency = Double(count)
                let length = Double(messageLengths[path] ?? 0)
                let normalisation = BM25Scorer.k1 * (1 - BM25Scorer.b + BM25Scorer.b * length / averageMessageLength)
                scores[path, default: 0] += idf * frequency * (BM25Scorer.k1 + 1) / (frequency + normalisation)
            }
        }
        return scores.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(limit).map(\.key)
    }

    /// Paths that changed in the same commits as `paths`, best first: each shared commit adds
    /// 1 / (its other files), so a commit touching everything says little. `paths` are left out.
    func coChangeRanking(with paths: [String], limit: Int) -> [String] {
        var scores: [String: Double] = [:]
        for path in paths {
            for commit in commitsByPath[path] ?? [] {
                let others = commitPaths[commit].count - 1
                guard others > 0 else { continue }
                for other in commitPaths[commit] where other != path { scores[other, default: 0] += 1 / Double(others) }
            }
        }
        for path in paths { scores[path] = nil }
        return scores.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(limit).map(\.key)
    }
}
