// BM25 scored in Swift over decoded postings, term at a time, with a bounded heap for the top k.
import Foundation

/// Scores chunks with BM25 from the postings tables: FTS5's formula (k1 = 1.2, b = 0.75, a
/// term's frequency being the column-weighted sum of its counts, document length the chunk's
/// terms over all columns, `idf = ln((N - n + 0.5) / (n + 0.5))` floored at 1e-6).
///
/// N, the mean length and each term's n count the chunks of the revision asked about only, not
/// every chunk the shared index holds: a revision's ranking stays the same whatever is indexed
/// later (replay depends on it).
///
/// Keeps a score array over all chunk row ids between queries, so a query allocates nothing
/// proportional to the index.
final class BM25Scorer {
    static let k1 = 1.2
    static let b = 0.75

    /// A term's idf among `documents` when `holding` of them hold it, floored at 1e-6.
    static func idf(documents: Double, holding: Int) -> Double {
        max(log((documents - Double(holding) + 0.5) / (Double(holding) + 0.5)), 1e-6)
    }

    /// One term's BM25 contribution to a document of `length` terms (mean `average`).
    static func termScore(idf: Double, frequency: Double, length: Double, average: Double) -> Double {
        idf * frequency * (k1 + 1) / (frequency + k1 * (1 - b + b * length / average))
    }

    private var scores: [Double] = []
    private var touched: [Int32] = []

    /// The `limit` best chunks for `terms`, best first, among chunks whose blob row id is set in
    /// `blobMask`; ties go to the lower row id.
    func rank(
        _ terms: [String], weights: (symbol: Double, path: Double, body: Double),
        statistics: LexicalStatistics, store: IndexStore, blobMask: [Bool], limit: Int
    ) throws(RAGError) -> [Int64] {
        defer { reset() }
        try accumulate(terms, weights: weights, statistics: statistics, store: store, blobMask: blobMask)
        return topChunks(limit: limit)
    }

    /// Per blob of the revision that matches `terms`: the score of its whole-file chunk and its
    /// best symbol chunk (row id and score). A blob's first chunk is its whole file (chunks are
    /// written per blob, ordinal 0 first).
    func blobScores(
        _ terms: [String], weights: (symbol: Double, path: Double, body: Double),
        statistics: LexicalStatistics, store: IndexStore, blobMask: [Bool]
    ) throws(RAGError) -> [Int32: BlobScore] {
        defer { reset() }
        try accumulate(terms, weights: weights, statistics: statistics, store: store, blobMask: blobMask)
        var result: [Int32: BlobScore] = [:]
        let blobIDs = statistics.blobIDs
        for id in touched {
            let chunk = Int(id)
            let blob = blobIDs[chunk]
            let score = scores[chunk]
            let isFile = chunk == 0 || blobIDs[chunk - 1] != blob
            var entry = result[blob] ?? BlobScore()
            if isFile {
                entry.file = score
                if entry.bestChunk == nil { entry.bestChunk = Int64(chunk) }
            } else if score > entry.symbol {
                entry.symbol = score
                entry.bestChunk = Int64(chunk)
            }
            result[blob] = entry
        }
        return result
    }

    private func reset() {
        for id in touched { scores[Int(id)] = 0 }
        touched.removeAll(keepingCapacity: true)
    }

    /// Adds each term's BM25 contribution to the chunks of the revision (`blobMask`) that hold it.
    private func accumulate(
        _ terms: [String], weights: (symbol: Double, path: Double, body: Double),
        statistics: LexicalStatistics, store: IndexStore, blobMask: [Bool]
    ) throws(RAGError) {
        if scores.count < statistics.lengths.count { scores = [Double](repeating: 0, count: statistics.lengths.count) }
        let (documents, average) = Self.revisionTotals(statistics, blobMask: blobMask)
        // Locals while scoring: appending to stored arrays would pay an exclusivity check per posting.
        var touched = self.touched
        self.touched = []
        defer { self.touched = touched }
        var matches: [(chunk: Int32, frequency: Double)] = []
        for term in terms {
            matches.removeAll(keepingCapacity: true)
            try store.postings(of: term, segments: statistics.segments) { segment, _, data in
                Self.revisionMatches(segment: segment, data: data, weights: weights, blobIDs: statistics.blobIDs, blobMask: blobMask, into: &matches)
            }
            guard !matches.isEmpty else { continue }
            let idf = Self.idf(documents: documents, holding: matches.count)
            statistics.lengths.withUnsafeBufferPointer { lengths in
                scores.withUnsafeMutableBufferPointer { scores in
                    for match in matches {
                        let chunk = Int(match.chunk)
                        if scores[chunk] == 0 { touched.append(match.chunk) }
                        scores[chunk] += Self.termScore(idf: idf, frequency: match.frequency, length: Double(lengths[chunk]), average: average)
                    }
                }
            }
        }
    }

    /// The revision's N (its chunks) and mean chunk length.
    static func revisionTotals(_ statistics: LexicalStatistics, blobMask: [Bool]) -> (documents: Double, average: Double) {
        var documents = 0
        var tokens = 0
        statistics.blobIDs.withUnsafeBufferPointer { blobs in
            statistics.lengths.withUnsafeBufferPointer { lengths in
                blobMask.withUnsafeBufferPointer { mask in
                    for chunk in 0..<blobs.count {
                        let blob = Int(blobs[chunk])
                        guard blob < mask.count, mask[blob] else { continue }
                        documents += 1
                        tokens += Int(lengths[chunk])
                    }
                }
            }
        }
        return (Double(documents), documents > 0 ? max(Double(tokens) / Double(documents), 1e-9) : 1)
    }

    /// The postings of one segment whose chunks are in the revision, with their column-weighted frequency.
    private static func revisionMatches(
        segment: Int64, data: UnsafeRawBufferPointer, weights: (symbol: Double, path: Double, body: Double),
        blobIDs: [Int32], blobMask: [Bool], into matches: inout [(chunk: Int32, frequency: Double)]
    ) {
        let first = Int(segment)
        blobIDs.withUnsafeBufferPointer { blobs in
            blobMask.withUnsafeBufferPointer { mask in
                PostingsSegment.forEach(data) { posting in
                    let chunk = first + posting.offset
                    guard chunk < blobs.count else { return }
                    let blob = Int(blobs[chunk])
                    guard blob < mask.count, mask[blob] else { return }
                    let frequency = weights.symbol * Double(posting.symbol) + weights.path * Double(posting.path)
                        + weights.body * Double(posting.body)
                    guard frequency > 0 else { return }
                    matches.append((Int32(chunk), frequency))
                }
            }
        }
    }

    /// The best `limit` touched chunks (all in the revision), by a min-heap of the best seen so far.
    private func topChunks(limit: Int) -> [Int64] {
        var heap = ScoreHeap(capacity: limit)
        for id in touched { heap.offer(scores[Int(id)], Int64(id)) }
        return heap.sortedDescending()
    }
}

/// One blob's BM25 evidence: its whole-file chunk's score, its best symbol chunk's score, and the
/// row id of that chunk (the whole-file chunk when no symbol chunk matched).
struct BlobScore {
    var file = 0.0
    var symbol = 0.0
    var bestChunk: Int64?
}

/// A bounded min-heap of (score, id): keeps the `capacity` highest scores, ties to the lower id.
struct ScoreHeap {
    private var items: [(score: Double, id: Int64)] = []
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 0)
        items.reserveCapacity(self.capacity)
    }

    /// Whether `a` ranks below `b`.
    @inline(__always)
    private static func worse(_ a: (score: Double, id: Int64), _ b: (score: Double, id: Int64)) -> Bool {
        a.score != b.score ? a.score < b.score : a.id > b.id
    }

    mutating func offer(_ score: Double, _ id: Int64) {
        guard capacity > 0 else { return }
        let item = (score: score, id: id)
        if items.count < capacity {
            items.append(item)
            var child = items.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard Self.worse(items[child], items[parent]) else { break }
                items.swapAt(child, parent)
                child = parent
            }
            return
        }
        guard Self.worse(items[0], item) else { return }
        items[0] = item
        var parent = 0
        while true {
            let left = parent * 2 + 1, right = left + 1
            var smallest = parent
            if left < items.count && Self.worse(items[left], items[smallest]) { smallest = left }
            if right < items.count && Self.worse(items[right], items[smallest]) { smallest = right }
            guard smallest != parent else { break }
            items.swapAt(parent, smallest)
            parent = smallest
        }
    }

    /// The kept ids, best first.
    func sortedDescending() -> [Int64] {
        items.sorted { Self.worse($1, $0) }.map(\.id)
    }
}
