// In-memory chunk lengths and blobs, so BM25 can be scored from doc lists without FTS5's per-row work.

/// Per-chunk term counts (from FTS5's own `chunk_terms_docsize`) and blob ids, loaded once per
/// index state. Scoring BM25 from plain doc lists with these is an order of magnitude faster
/// than `ORDER BY bm25()`, which decodes position lists and seeks a docsize row per match.
final class LexicalStatistics {
    /// Terms per chunk over all columns, indexed by chunk row id (0 for absent ids).
    let lengths: [Int32]
    /// The blob row id of each chunk, indexed by chunk row id.
    let blobIDs: [Int64]
    /// Chunks with at least one term.
    let documents: Int
    /// Mean terms per chunk.
    let averageLength: Double

    init(store: IndexStore) throws(RAGError) {
        let maximum = try store.chunkCount()
        var lengths = [Int32](repeating: 0, count: maximum + 1)
        var blobIDs = [Int64](repeating: 0, count: maximum + 1)
        var documents = 0
        var total = 0
        try store.database.query("SELECT id, sz FROM chunk_terms_docsize") { row in
            let id = Int(row.int(0))
            guard id >= 0, id <= maximum else { return }
            // `sz` holds one varint per column.
            let bytes = row.blob(1)
            var length = 0
            var value = 0
            var shift = 0
            for byte in bytes {
                value |= Int(byte & 0x7f) << shift
                if byte & 0x80 == 0 {
                    length += value
                    value = 0
                    shift = 0
                } else {
                    shift += 7
                }
            }
            lengths[id] = Int32(clamping: length)
            if length > 0 { documents += 1; total += length }
        }
        try store.database.query("SELECT id, blob_id FROM chunks") { row in
            let id = Int(row.int(0))
            if id >= 0 && id <= maximum { blobIDs[id] = row.int(1) }
        }
        self.lengths = lengths
        self.blobIDs = blobIDs
        self.documents = max(documents, 1)
        self.averageLength = documents > 0 ? Double(total) / Double(documents) : 1
    }
}
