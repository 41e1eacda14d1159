// History priors: how often and how recently each file changed, and the words of the commits that touched it.
import Foundation
import HealerGit

/// Signals from a revision's history that no text index has: per path, a recency-weighted
/// change count (each commit touching the path adds `0.5^(age / halfLife)`, age counted in
/// commits from the revision back), and the subjects of the commits that touched it, searchable
/// by BM25 as one small document per path; and each commit's whole message, so that the commits
/// most like a request can vote for the files they changed.
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
    /// Per term of a commit's whole message (subject and body), the commits using it, with counts.
    private let commitPostings: [String: [(commit: Int, count: Int)]]
    private let commitLengths: [Int]

    /// The last `limit` commits of `revision` as `git log --name-only` prints them, for ``init(revision:log:halfLife:)`` (renames not
    /// followed: a renamed file starts a new history; a root commit lists no files, as an
    /// import of everything says nothing about any file and costs the most to read).
    static func readLog(repository: Repository, revision: String, limit: Int) throws(RAGError) -> String {
        do {
            return try repository.nameOnlyLog(of: revision, limit: limit)
        } catch {
            throw RAGError(.git, "cannot read the history of \(revision): \(error.description)")
        }
    }

    /// Builds the priors from `git log --format=%x1e%s%x1f%b%x1f --name-only` output, newest
    /// commit first (a record without the two separators is a subject and its paths).
    init(revision: String, log: String, halfLife: Double) {
        self.revision = revision
        self.halfLife = halfLife
        var recency: [String: Double] = [:]
        var messages: [String: [String: Int]] = [:]
        var commitPaths: [[String]] = []
        var commitsByPath: [String: [Int]] = [:]
        var commitPostings: [String: [(commit: Int, count: Int)]] = [:]
        var commitLengths: [Int] = []
        // Split on bytes: splitting a String by Character costs ~0.3 s on a 2 MB log.
        let bytes = Array(log.utf8)
        for (age, record) in bytes.split(separator: 0x1e).enumerated() {
            let fields = record.split(separator: 0x1f, maxSplits: 2, omittingEmptySubsequences: false)
            let text = fields.count == 3 ? Array(fields[2]) : Array(record)
            let lines = text.split(separator: 0x0a, omittingEmptySubsequences: true).map { String(decoding: $0, as: UTF8.self) }
            let subject: String
            let paths: [String]
            if fields.count == 3 {
                subject = String(decoding: fields[0], as: UTF8.self)
                paths = lines
            } else {
                guard let first = lines.first else { continue }
                subject = first
                paths = Array(lines.dropFirst())
            }
            let body = fields.count == 3 ? String(decoding: fields[1], as: UTF8.self) : ""
            var counts: [String: Int] = [:]
            for term in CodeTerms.queryTerms(subject + "\n" + body) { counts[term, default: 0] += 1 }
            for (term, count) in counts { commitPostings[term, default: []].append((commitPaths.count, count)) }
            commitLengths.append(counts.values.reduce(0, +))
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
        self.commitPostings = commitPostings
        self.commitLengths = commitLengths
        messagePostings = postings
        messageLengths = lengths
        averageMessageLength = lengths.isEmpty ? 1 : Double(lengths.values.reduce(0, +)) / Double(lengths.count)
    }

    /// Paths ranked by BM25 of `terms` over the subjects of the commits that touched them, best first.
    func messageRanking(_ terms: [String], limit: Int) -> [String] {
        messageScores(terms).sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(limit).map(\.key)
    }

    /// Paths that changed in the same commits as `paths`, best first: each shared commit adds
    /// 1 / (its other files), so a commit touching everything says little. `paths` are left out.
    func coChangeRanking(with paths: [String], limit: Int) -> [String] {
        coChangeScores(with: paths).sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(limit).map(\.key)
    }
}

extension HistoryPriors {
    /// Files changed by the past commits whose messages best match `terms`: the `neighbours`
    /// best commits by BM25 over whole messages each give their score, divided by the square
    /// root of the number of files they changed, to each of those files. Scores by path.
    func similarCommitVotes(_ terms: [String], neighbours: Int) -> [String: Double] {
        guard !commitLengths.isEmpty else { return [:] }
        let documents = Double(commitLengths.count)
        let average = max(Double(commitLengths.reduce(0, +)) / documents, 1e-9)
        var scores: [Int: Double] = [:]
        for term in Set(terms) {
            guard let hits = commitPostings[term] else { continue }
            let idf = BM25Scorer.idf(documents: documents, holding: hits.count)
            for (commit, count) in hits {
                scores[commit, default: 0] += BM25Scorer.termScore(idf: idf, frequency: Double(count), length: Double(commitLengths[commit]), average: average)
            }
        }
        var votes: [String: Double] = [:]
        let best = scores.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(neighbours)
        for (commit, score) in best {
            let paths = commitPaths[commit]
            guard !paths.isEmpty else { continue }
            for path in paths { votes[path, default: 0] += score / Double(paths.count).squareRoot() }
        }
        return votes
    }

    /// Paths by BM25 of `terms` over the subjects of the commits that touched them (all of them).
    func messageScores(_ terms: [String]) -> [String: Double] {
        let documents = Double(messageLengths.count)
        var scores: [String: Double] = [:]
        for term in Set(terms) {
            guard let hits = messagePostings[term] else { continue }
            let idf = BM25Scorer.idf(documents: documents, holding: hits.count)
            for (path, count) in hits {
                scores[path, default: 0] += BM25Scorer.termScore(idf: idf, frequency: Double(count), length: Double(messageLengths[path] ?? 0),
                                                                 average: averageMessageLength)
            }
        }
        return scores
    }

    /// Co-change scores of the paths that changed with `paths` (see ``coChangeRanking(with:limit:)``).
    func coChangeScores(with paths: [String]) -> [String: Double] {
        var scores: [String: Double] = [:]
        for path in paths {
            for commit in commitsByPath[path] ?? [] {
                let others = commitPaths[commit].count - 1
                guard others > 0 else { continue }
                for other in commitPaths[commit] where other != path { scores[other, default: 0] += 1 / Double(others) }
            }
        }
        for path in paths { scores[path] = nil }
        return scores
    }
}
