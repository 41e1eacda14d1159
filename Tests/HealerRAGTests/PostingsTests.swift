// Postings: per-chunk term counts by column, the packed encoding, and BM25 from them.
import Foundation
import HealerGit
import HealerTestSupport
import Testing
@testable import HealerRAG

@Suite struct PostingsTests {
    /// The counts of one chunk, by term.
    static func counts(_ file: ChunkTermCounts, chunk: Int) -> [String: ChunkTermCounts.Entry] {
        let start = chunk == 0 ? 0 : file.ends[chunk - 1]
        return Dictionary(uniqueKeysWithValues: file.entries[start..<file.ends[chunk]].map { (file.terms.string($0.term), $0) })
    }

    @Test func chunksCountTermsPerColumn() {
        let source = "/// Retries a request.\nfunc retryRequest(count: Int) {\n    retry(count)\n}\n"
        let symbol = SymbolChunk(kind: .function, symbol: "retryRequest", startLine: 2, endLine: 4)
        let file = ChunkTermCounts(path: "Sources/Net/Retry.swift", bytes: Array(source.utf8), symbols: [symbol])
        #expect(file.ends.count == 2)
        let whole = Self.counts(file, chunk: 0)
        // "retry" is in the path once and in the body twice (split from retryRequest, then alone).
        #expect(whole["retry"].map { ($0.symbol, $0.path, $0.body) } ?? (0, 0, 0) == (0, 1, 2))
        #expect(whole["retryrequest"]?.body == 1)
        let function = Self.counts(file, chunk: 1)
        #expect(function["retryrequest"].map { ($0.symbol, $0.body) } ?? (0, 0) == (1, 1))
        #expect(function["request"].map { ($0.symbol, $0.body) } ?? (0, 0) == (1, 2))  // "a request." in the doc comment
        #expect(function["net"]?.path == 1)
        // Lengths count every term in every column: the symbol's 3, the path's 4, the body's.
        #expect(file.lengths[1] == 3 + 4 + Int32(CodeTerms.allTerms(source).count))
    }

    @Test func packedPostingsRoundTrip() {
        let postings = [
            PostingsSegment.Posting(offset: 0, symbol: 0, path: 0, body: 1),
            PostingsSegment.Posting(offset: 3, symbol: 2, path: 0, body: 0),
            PostingsSegment.Posting(offset: 200, symbol: 1, path: 4, body: 70_000),
        ]
        var data: [UInt8] = []
        var previous = -1
        for posting in postings {
            PostingsSegment.append(posting, after: previous, to: &data)
            previous = posting.offset
        }
        var decoded: [PostingsSegment.Posting] = []
        data.withUnsafeBytes { PostingsSegment.forEach($0) { decoded.append($0) } }
        #expect(decoded == postings)
    }

    @Test func theHeapKeepsTheBestInOrder() {
        var heap = ScoreHeap(capacity: 3)
        for (score, id) in [(1.0, 5), (4.0, 2), (4.0, 1), (0.5, 9), (3.0, 7), (2.0, 3)] { heap.offer(score, Int64(id)) }
        #expect(heap.sortedDescending() == [1, 2, 7])
    }

    /// BM25 as FTS5 defines it, computed naively from every chunk's counts.
    static func naiveBM25(_ files: [ChunkTermCounts], terms: [String], weights: (Double, Double, Double)) -> [(chunk: Int, score: Double)] {
        let chunks = files.flatMap { file in (0..<file.ends.count).map { (Self.counts(file, chunk: $0), Double(file.lengths[$0])) } }
        let average = chunks.map(\.1).reduce(0, +) / Double(chunks.count)
        var scores = [Double](repeating: 0, count: chunks.count)
        for term in terms {
            let hits = Double(chunks.filter { $0.0[term] != nil }.count)
            guard hits > 0 else { continue }
            let idf = max(log((Double(chunks.count) - hits + 0.5) / (hits + 0.5)), 1e-6)
            for (index, chunk) in chunks.enumerated() {
                guard let entry = chunk.0[term] else { continue }
                let frequency = weights.0 * Double(entry.symbol) + weights.1 * Double(entry.path) + weights.2 * Double(entry.body)
                scores[index] += idf * frequency * 2.2 / (frequency + 1.2 * (0.25 + 0.75 * chunk.1 / average))
            }
        }
        return scores.enumerated().filter { $0.element > 0 }.map { ($0.offset, $0.element) }
    }

    @Test func theScorerAgreesWithNaiveBM25() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let fixture = Fixtures.repository(in: directory)
        let index = try RAGIndex.open(repository: try Repository.discover(at: fixture.path))
        try index.index()
        let files = try index.currentFiles()
        // Recount the indexed blobs in chunk-id order, as the index wrote them.
        var counted: [ChunkTermCounts] = []
        let blobs = try index.store.database.rows("SELECT b.id, b.blob FROM blobs b WHERE b.status = 'indexed' ORDER BY b.id") { ($0.int(0), $0.text(1)) }
        for (blobID, blob) in blobs {
            let symbols = try index.store.database.rows(
                "SELECT \(ChunkRow.columns) FROM chunks c JOIN blobs b ON b.id = c.blob_id WHERE c.blob_id = ? AND c.ordinal > 0 ORDER BY c.ordinal",
                [.integer(blobID)], ChunkRow.init
            ).map { SymbolChunk(kind: $0.kind, symbol: $0.symbol ?? "", container: $0.container, startLine: $0.startLine, endLine: $0.endLine) }
            counted.append(ChunkTermCounts(path: files.pathsByBlobID[blobID] ?? "", bytes: try index.blobBytes(blob), symbols: symbols))
        }
        for query in ["greet name", "server start port", "parse text split reset", "point origin"] {
            let expected = Self.naiveBM25(counted, terms: CodeTerms.queryTerms(query), weights: (3, 1, 1))
                .sorted { $0.score != $1.score ? $0.score > $1.score : $0.chunk < $1.chunk }
                .map { Int64($0.chunk + 1) }
            #expect(try index.bm25Ranking(query, limit: 50, blobMask: files.blobMask) == expected, "\(query)")
        }
    }

    @Test func anotherIndexObjectSeesNewSegments() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let fixture = Fixtures.repository(in: directory)
        let writer = try RAGIndex.open(repository: try Repository.discover(at: fixture.path))
        try writer.index()
        let reader = try RAGIndex.open(repository: try Repository.discover(at: fixture.path))
        #expect(try reader.similaritySearch("zeppelin hangar", k: 3).isEmpty)
        fixture.commit(files: ["docs/airship.md": "The zeppelin rests in its hangar.\n"], message: "airship notes")
        try writer.index()
        #expect(try reader.similaritySearch("zeppelin hangar", k: 3).first?.path == "docs/airship.md")
        let segments = try writer.store.database.rows("SELECT count(*) FROM segments") { $0.int(0) }.first
        #expect(segments == 2)
    }

    @Test func mergingSegmentsKeepsTheRanking() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let fixture = Fixtures.repository(in: directory)
        let index = try RAGIndex.open(repository: try Repository.discover(at: fixture.path))
        try index.index()
        for number in 1...3 {
            fixture.commit(files: ["notes/\(number).md": "Greeter notes, take \(number): greet the server.\n"], message: "notes \(number)")
            try index.index()
        }
        let query = "greet server notes"
        let before = try index.bm25Ranking(query, limit: 50, blobMask: try index.currentFiles().blobMask)
        let grepped = try index.grepLike("take [23]|Greeter notes|func", limit: 1000)
        #expect(grepped.count > 6)
        let count = { (table: String) throws -> Int64? in try index.store.database.rows("SELECT count(*) FROM \(table)") { $0.int(0) }.first }
        #expect(try count("segments") == 4)
        #expect(try count("trigram_segments") == 4)
        try index.store.database.transaction { () throws(RAGError) in
            try index.store.mergeSegments(ifMoreThan: 2, count: 3)
            try index.store.mergeTrigramSegments(ifMoreThan: 2, count: 3)
        }
        #expect(try count("segments") == 2)
        #expect(try count("trigram_segments") == 2)
        #expect(try index.bm25Ranking(query, limit: 50, blobMask: try index.currentFiles().blobMask) == before)
        #expect(try index.grepLike("take [23]|Greeter notes|func", limit: 1000) == grepped)
        #expect(try index.store.documentFrequencies(["notes", "zeppelin"], segments: try index.store.postingSegments()) == ["notes": 3])  // three whole-file chunks
    }

    /// Replay asks the index for a revision after later commits were indexed: the answers must
    /// be those the revision gave first, scores included (N, mean length and each term's count
    /// are the revision's, not the shared index's).
    @Test func aRevisionAnswersTheSameAfterLaterCommitsAreIndexed() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let fixture = Fixtures.repository(in: directory)
        let index = try RAGIndex.open(repository: try Repository.discover(at: fixture.path))
        let base = try index.index().revision
        let queries = ["greet name", "server start port", "parse text split reset"]
        func chunks(_ index: RAGIndex) throws -> [String] {
            try queries.flatMap { try index.similaritySearch($0, k: 8).map { "\($0.chunkID) \($0.score)" } }
        }
        func files(_ index: RAGIndex) throws -> [String] {
            try queries.flatMap { try index.rankFiles($0, k: 4).source.map { "\($0.path) \($0.score)" } }
        }
        let (chunksBefore, filesBefore) = (try chunks(index), try files(index))
        // Later commits full of the queries' words change every count the shared index holds.
        for number in 1...4 {
            fixture.commit(files: ["notes/\(number).md": String(repeating: "greet the server, start the port, split the text.\n", count: number)],
                           message: "notes \(number)")
            try index.index()
        }
        #expect(try index.similaritySearch("split the text", k: 20).contains { $0.path.hasPrefix("notes/") })
        try index.use(revision: base)
        #expect(try chunks(index) == chunksBefore)
        let filesAfter = try files(index)
        #expect(filesAfter == filesBefore, "\(filesAfter) \(filesBefore)")
        // A fresh index object, reading the grown index from disk, agrees.
        let reopened = try RAGIndex.open(repository: try Repository.discover(at: fixture.path))
        try reopened.use(revision: base)
        #expect(try chunks(reopened) == chunksBefore)
    }
}
