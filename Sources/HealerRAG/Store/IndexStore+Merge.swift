// Merging small postings segments, so that a term's postings stay in a bounded number of rows.

extension IndexStore {
    /// When there are more than `limit` segments, merges the newest `count` into one (they cover
    /// consecutive chunks). Incremental re-indexing writes one small segment per commit; merging
    /// keeps a query's reads per term bounded, at the cost of rewriting only small segments.
    /// Runs inside the caller's transaction.
    func mergeSegments(ifMoreThan limit: Int, count: Int) throws(RAGError) {
        let segments = try database.rows("SELECT first_chunk FROM segments ORDER BY first_chunk DESC") { $0.int(0) }
        guard segments.count > limit, count > 1 else { return }
        guard let first = segments.prefix(count).last else { return }
        // The directories, re-encoded as one.
        var directory: [UInt8] = []
        var chunks = 0
        var tokens = 0
        var previousBlob = 0
        for old in try segmentDirectories(reaching: first) where old.firstChunk >= first {
            tokens += old.tokens
            old.chunks.withUnsafeBytes { buffer in
                var offset = 0
                var blob = 0
                while offset < buffer.count {
                    blob += Varint.read(buffer, &offset)
                    let length = Varint.read(buffer, &offset)
                    Varint.append(blob - previousBlob, to: &directory)
                    Varint.append(length, to: &directory)
                    previousBlob = blob
                    chunks += 1
                }
            }
        }
        // Each term's lists, concatenated with offsets rebased on the merged segment.
        var lists: [String: (count: Int, data: [UInt8], previous: Int)] = [:]
        try database.query("SELECT term, segment, count, data FROM postings WHERE segment >= ? ORDER BY segment", [.integer(first)]) { row in
            let term = row.text(0)
            let base = Int(row.int(1) - first)
            var entry = lists[term] ?? (0, [], -1)
            entry.count += Int(row.int(2))
            row.withBlob(3) { data in
                PostingsSegment.forEach(data) { posting in
                    var rebased = posting
                    rebased.offset += base
                    PostingsSegment.append(rebased, after: entry.previous, to: &entry.data)
                    entry.previous = rebased.offset
                }
            }
            lists[term] = entry
        }
        try database.query("DELETE FROM postings WHERE segment >= ?", [.integer(first)])
        try database.query("DELETE FROM segments WHERE first_chunk >= ?", [.integer(first)])
        try database.query("INSERT INTO segments(first_chunk, chunk_count, tokens, chunks) VALUES(?, ?, ?, ?)", [
            .integer(first), .integer(Int64(chunks)), .integer(Int64(tokens)), .blob(directory),
        ])
        for (term, entry) in lists.sorted(by: { $0.key < $1.key }) {
            try database.query("INSERT INTO postings(term, segment, count, data) VALUES(?, ?, ?, ?)", [
                .text(term), .integer(first), .integer(Int64(entry.count)), .blob(entry.data),
            ])
        }
    }
}
