// snippet: a chunk's text, read back from its git blob.
import Foundation

extension RAGIndex {
    /// The text of the chunk `id` (as in ``Hit/chunkID``: `BLOB:ORDINAL`), with its path and lines.
    ///
    /// - Throws: ``RAGError/Code/unknownChunk`` when the id is malformed or not in the index.
    package func snippet(_ id: String) throws(RAGError) -> Snippet {
        let parts = id.split(separator: ":")
        guard parts.count == 2, let blob = parts.first.map(String.init), blob.utf8.count == 40, let ordinal = Int64(parts[1]) else {
            throw RAGError(.unknownChunk, "'\(id)' is not a chunk id; ids look like BLOB:ORDINAL, as similarity_search returns them")
        }
        guard let row = try store.database.rows(
            "SELECT \(ChunkRow.columns) FROM chunks c JOIN blobs b ON b.id = c.blob_id WHERE b.blob = ? AND c.ordinal = ?",
            [.text(blob.lowercased()), .integer(ordinal)], ChunkRow.init
        ).first else {
            throw RAGError(.unknownChunk, "chunk '\(id)' is not in the index; search again after `healer rag index`")
        }
        var path = try currentFilesIfAny()?.pathsByBlobID[row.blobID]
        if path == nil {
            path = try store.database.rows("SELECT path FROM blob_paths WHERE blob_id = ? ORDER BY path LIMIT 1", [.integer(row.blobID)]) { $0.text(0) }.first
        }
        let table = LineTable(try blobBytes(row.blob, path: path))
        var bytes = table.bytes[table.range(lines: row.startLine...row.endLine)]
        if bytes.last == 10 { bytes = bytes.dropLast() }
        let text = String(decoding: bytes, as: UTF8.self)
        return Snippet(chunkID: row.chunkID, path: path ?? "", symbol: row.symbol, kind: row.kind,
                       startLine: row.startLine, endLine: row.endLine, text: text, blob: row.blob)
    }

    private func currentFilesIfAny() throws(RAGError) -> RevisionFiles? {
        guard try store.meta("current") != nil else { return nil }
        return try currentFiles()
    }
}
