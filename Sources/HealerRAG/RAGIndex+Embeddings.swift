// Optional dense vectors: computed in batches after indexing, cached in SQLite per chunk and model.
import Foundation

extension RAGIndex {
    /// Embeds the chunks of the current revision that have no vector for the configured model.
    /// A failing endpoint turns embeddings off for this object with one warning; it never throws
    /// for the endpoint's sake.
    func embedPendingChunks() throws(RAGError) {
        guard let embeddings = settings.embeddings, !embeddingsDisabled else { return }
        let files = try currentFiles()
        struct Pending { var blobID: Int64; var ordinal: Int64; var start: Int; var end: Int; var blob: String }
        let pending = try store.database.rows("""
            SELECT c.blob_id, c.ordinal, c.start_line, c.end_line, b.blob FROM chunks c JOIN blobs b ON b.id = c.blob_id
            WHERE c.blob_id IN (SELECT blob_id FROM revision_files WHERE commit_id = ?1)
              AND NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.blob_id = c.blob_id AND e.ordinal = c.ordinal AND e.model = ?2)
            ORDER BY c.blob_id, c.ordinal
            """, [.text(files.commit), .text(embeddings.model)]) { row in
            Pending(blobID: row.int(0), ordinal: row.int(1), start: Int(row.int(2)), end: Int(row.int(3)), blob: row.text(4))
        }
        let client = EmbeddingClient(settings: embeddings)
        var cachedBlob: (hex: String, table: LineTable)?
        var start = 0
        while start < pending.count {
            let batch = pending[start..<min(start + embeddings.batchSize, pending.count)]
            start += batch.count
            var texts: [String] = []
            for item in batch {
                if cachedBlob?.hex != item.blob { cachedBlob = (item.blob, LineTable(try blobBytes(item.blob))) }
                guard let table = cachedBlob?.table else { continue }
                let path = files.pathsByBlobID[item.blobID] ?? ""
                let text = String(decoding: table.bytes[table.range(lines: item.start...item.end)], as: UTF8.self)
                texts.append(String((path + "\n" + text).prefix(embeddings.maximumCharacters)))
            }
            let vectors: [[Float]]
            do {
                vectors = try client.embed(texts)
            } catch {
                disableEmbeddings(error)
                return
            }
            try store.database.transaction { () throws(RAGError) in
                for (item, vector) in zip(batch, vectors) {
                    try store.database.query("INSERT OR REPLACE INTO embeddings(blob_id, ordinal, model, vector) VALUES(?, ?, ?, ?)", [
                        .integer(item.blobID), .integer(item.ordinal), .text(embeddings.model), .blob(Self.bytes(of: vector)),
                    ])
                }
            }
        }
    }

    /// Chunk row ids ranked by cosine similarity to `query`, best first; empty when embeddings
    /// are off or the endpoint fails (with one warning).
    func vectorRanking(_ query: String, limit: Int, commit: String) throws(RAGError) -> [Int64] {
        guard let embeddings = settings.embeddings, !embeddingsDisabled else { return [] }
        try embedPendingChunks()
        guard !embeddingsDisabled else { return [] }
        let queryVector: [Float]
        do {
            guard let first = try EmbeddingClient(settings: embeddings).embed([query]).first else { return [] }
            queryVector = first
        } catch {
            disableEmbeddings(error)
            return []
        }
        var scored: [(id: Int64, score: Float)] = []
        try store.database.query("""
            SELECT c.id, e.vector FROM embeddings e JOIN chunks c ON c.blob_id = e.blob_id AND c.ordinal = e.ordinal
            WHERE e.model = ?1 AND e.blob_id IN (SELECT blob_id FROM revision_files WHERE commit_id = ?2)
            """, [.text(embeddings.model), .text(commit)]) { row in
            let vector = Self.vector(of: row.blob(1))
            guard vector.count == queryVector.count else { return }
            var dot: Float = 0
            for index in vector.indices { dot += vector[index] * queryVector[index] }
            scored.append((row.int(0), dot))
        }
        scored.sort { $0.score > $1.score }
        return scored.prefix(limit).map(\.id)
    }

    func disableEmbeddings(_ error: RAGError) {
        embeddingsDisabled = true
        warn("embeddings are off, search is lexical only: \(error.message)")
    }

    static func bytes(of vector: [Float]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(vector.count * 4)
        for value in vector {
            let bits = value.bitPattern.littleEndian
            bytes.append(contentsOf: [UInt8(bits & 0xff), UInt8((bits >> 8) & 0xff), UInt8((bits >> 16) & 0xff), UInt8(bits >> 24)])
        }
        return bytes
    }

    static func vector(of bytes: [UInt8]) -> [Float] {
        stride(from: 0, to: bytes.count - 3, by: 4).map { offset in
            Float(bitPattern: UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24)
        }
    }
}
