// The trigram tables: one segment per indexing batch, one row per trigram and segment, keyed segment
// first like the postings.

extension IndexStore {
    static let trigramSchema = """
        CREATE TABLE IF NOT EXISTS trigram_segments(first_blob INTEGER PRIMARY KEY, blob_count INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS trigrams(
            trigram INTEGER NOT NULL, segment INTEGER NOT NULL, data BLOB NOT NULL,
            PRIMARY KEY(segment, trigram)) WITHOUT ROWID;
        """

    /// Writes the trigrams of a batch whose blob `i` has row id `firstBlob + i`.
    func insertTrigramSegment(_ segment: TrigramSegment, firstBlob: Int64, blobCount: Int) throws(RAGError) {
        guard !segment.rows.isEmpty else { return }
        try database.query("INSERT INTO trigram_segments(first_blob, blob_count) VALUES(?, ?)", [.integer(firstBlob), .integer(Int64(blobCount))])
        for row in segment.rows {
            try database.query("INSERT INTO trigrams(trigram, segment, data) VALUES(?, ?, ?)", [
                .integer(Int64(row.trigram)), .integer(firstBlob), .blob(row.data),
            ])
        }
    }

    /// The trigram segments (their first blobs' row ids), oldest first.
    func trigramSegments() throws(RAGError) -> [Int64] {
        try database.rows("SELECT first_blob FROM trigram_segments ORDER BY first_blob") { $0.int(0) }
    }

    /// The row ids of the blobs of `segments` holding `trigram`, sorted.
    func blobs(holding trigram: UInt32, segments: [Int64]) throws(RAGError) -> [Int64] {
        var ids: [Int64] = []
        for segment in segments {
            try database.query("SELECT data FROM trigrams WHERE segment = ? AND trigram = ?", [.integer(segment), .integer(Int64(trigram))]) { row in
                row.withBlob(0) { TrigramSegment.decode($0, first: segment, into: &ids) }
            }
        }
        return ids
    }

    /// When there are more than `limit` trigram segments, merges the newest `count` into one
    /// (they cover consecutive blobs), as ``mergeSegments(ifMoreThan:count:)`` does for postings.
    func mergeTrigramSegments(ifMoreThan limit: Int, count: Int) throws(RAGError) {
        let segments = try database.rows("SELECT first_blob, blob_count FROM trigram_segments ORDER BY first_blob DESC") { ($0.int(0), $0.int(1)) }
        guard segments.count > limit, count > 1, let first = segments.prefix(count).last?.0, let newest = segments.first else { return }
        var lists: [Int64: [Int64]] = [:]
        try database.query("SELECT trigram, segment, data FROM trigrams WHERE segment >= ? ORDER BY segment", [.integer(first)]) { row in
            let trigram = row.int(0)
            row.withBlob(2) { TrigramSegment.decode($0, first: row.int(1), into: &lists[trigram, default: []]) }
        }
        try database.query("DELETE FROM trigrams WHERE segment >= ?", [.integer(first)])
        try database.query("DELETE FROM trigram_segments WHERE first_blob >= ?", [.integer(first)])
        try database.query("INSERT INTO trigram_segments(first_blob, blob_count) VALUES(?, ?)", [
            .integer(first), .integer(newest.0 + newest.1 - first),
        ])
        for (trigram, ids) in lists.sorted(by: { $0.key < $1.key }) {
            var data: [UInt8] = []
            var previous = first - 1
            for id in ids {
                Varint.append(Int(id - previous), to: &data)
                previous = id
            }
            try database.query("INSERT INTO trigrams(trigram, segment, data) VALUES(?, ?, ?)", [.integer(trigram), .integer(first), .blob(data)])
        }
    }
}
