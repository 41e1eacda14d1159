// The postings tables: one segment per indexing batch, one row per term and segment. Rows are keyed
// segment first, so a batch appends to the end of the table (cheap to write) and a term is read
// with one probe per segment.
import Foundation

extension IndexStore {
    static let postingsSchema = """
        CREATE TABLE IF NOT EXISTS segments(
            first_chunk INTEGER PRIMARY KEY, chunk_count INTEGER NOT NULL, tokens INTEGER NOT NULL, chunks BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS postings(
            term TEXT NOT NULL, segment INTEGER NOT NULL, count INTEGER NOT NULL, data BLOB NOT NULL,
            PRIMARY KEY(segment, term)) WITHOUT ROWID;
        """

    /// What identifies the set of segments: it changes whenever a segment is written or merged.
    struct SegmentState: Equatable {
        var segments = 0
        var chunks = 0
        var last: Int64 = -1
    }

    /// A segment's directory: where its chunks start, how many terms they hold, and per chunk
    /// `varint(blob row id - previous chunk's)` and `varint(length)`.
    struct SegmentDirectory {
        var firstChunk: Int64
        var chunkCount: Int
        var tokens: Int
        var chunks: [UInt8]
    }

    /// Writes `segment`, whose chunk `i` has row id `firstChunk + i` and belongs to blob `blobIDs[i]`.
    func insertSegment(_ segment: PostingsSegment, firstChunk: Int64, blobIDs: [Int64]) throws(RAGError) {
        guard !segment.lengths.isEmpty else { return }
        var directory: [UInt8] = []
        directory.reserveCapacity(segment.lengths.count * 4)
        var previous: Int64 = 0
        var tokens = 0
        for (blobID, length) in zip(blobIDs, segment.lengths) {
            Varint.append(Int(blobID - previous), to: &directory)
            Varint.append(Int(length), to: &directory)
            previous = blobID
            tokens += Int(length)
        }
        try database.query("INSERT INTO segments(first_chunk, chunk_count, tokens, chunks) VALUES(?, ?, ?, ?)", [
            .integer(firstChunk), .integer(Int64(segment.lengths.count)), .integer(Int64(tokens)), .blob(directory),
        ])
        for row in segment.rows {
            try database.query("INSERT INTO postings(term, segment, count, data) VALUES(?, ?, ?, ?)", [
                .text(row.term), .integer(firstChunk), .integer(Int64(row.count)), .blob(row.data),
            ])
        }
    }

    func segmentState() throws(RAGError) -> SegmentState {
        var state = SegmentState()
        try database.query("SELECT count(*), coalesce(sum(chunk_count), 0), coalesce(max(first_chunk), -1) FROM segments") { row in
            state = SegmentState(segments: Int(row.int(0)), chunks: Int(row.int(1)), last: row.int(2))
        }
        return state
    }

    /// The directories of the segments holding chunks at or after row id `chunk`.
    func segmentDirectories(reaching chunk: Int64) throws(RAGError) -> [SegmentDirectory] {
        try database.rows(
            "SELECT first_chunk, chunk_count, tokens, chunks FROM segments WHERE first_chunk + chunk_count > ? ORDER BY first_chunk",
            [.integer(chunk)]
        ) { row in
            SegmentDirectory(firstChunk: row.int(0), chunkCount: Int(row.int(1)), tokens: Int(row.int(2)), chunks: row.blob(3))
        }
    }

    /// The segments (their first chunks' row ids), oldest first.
    func postingSegments() throws(RAGError) -> [Int64] {
        try database.rows("SELECT first_chunk FROM segments ORDER BY first_chunk") { $0.int(0) }
    }

    /// Calls `body` with the segment (its first chunk's row id), the number of postings and the
    /// packed postings of each of `segments` holding `term`.
    func postings(of term: String, segments: [Int64], _ body: (Int64, Int, UnsafeRawBufferPointer) -> Void) throws(RAGError) {
        for segment in segments {
            try database.query("SELECT count, data FROM postings WHERE segment = ? AND term = ?", [.integer(segment), .text(term)]) { row in
                row.withBlob(1) { body(segment, Int(row.int(0)), $0) }
            }
        }
    }

    /// How many chunks of `segments` contain each of `terms` (absent terms are missing from the answer).
    func documentFrequencies(_ terms: [String], segments: [Int64]) throws(RAGError) -> [String: Int] {
        var frequencies: [String: Int] = [:]
        for term in terms {
            try postings(of: term, segments: segments) { _, count, _ in frequencies[term, default: 0] += count }
        }
        return frequencies
    }
}
