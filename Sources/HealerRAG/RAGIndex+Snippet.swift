// snippet: a chunk's text, read back from its git blob, or lines of a file by `path:start-end`.
import Foundation

extension RAGIndex {
    /// The most lines a `path`, `path:line` or `path:start-end` snippet returns.
    package static let maxSnippetLines = 200

    /// The text of the chunk `id` (as in ``Hit/chunkID``: `BLOB:ORDINAL`), or of lines of a file
    /// in the indexed revision (`path:start-end`, `path:line` as grep reports it, or a bare `path`;
    /// at most ``maxSnippetLines`` lines), with its path and lines.
    ///
    /// - Throws: ``RAGError/Code/unknownChunk`` when the id is neither a chunk id in the index nor
    ///   a path with lines in the indexed revision; the message says what ids look like.
    package func snippet(_ id: String) throws(RAGError) -> Snippet {
        let trimmed = id.trimmingCharacters(in: .whitespaces)
        if let (blob, ordinal) = Self.chunkID(trimmed) { return try chunkSnippet(blob: blob, ordinal: ordinal, id: trimmed) }
        guard let location = SnippetLocation(trimmed) else {
            throw RAGError(.unknownChunk, "'\(id)' is not a chunk id; \(Self.idForms)")
        }
        return try lineSnippet(location, id: trimmed)
    }

    /// The snippet `id` names, as the indexed revision has it: a `BLOB:ORDINAL` chunk of a file
    /// that changed since the id was handed out (its blob is no longer at its path) answers with
    /// the chunk of the same symbol in the file as it is now, the whole file for a whole-file
    /// chunk, or the same lines when the symbol is gone. Other ids answer as ``snippet(_:)``.
    ///
    /// A role that retries after a red build sees the code of the attempt that failed, not the
    /// base's code its task's ids were pulled from.
    ///
    /// - Throws: as ``snippet(_:)``.
    package func currentSnippet(_ id: String) throws(RAGError) -> Snippet {
        let snippet = try snippet(id)
        guard let (_, ordinal) = Self.chunkID(id.trimmingCharacters(in: .whitespaces)), let files = try currentFilesIfAny(),
              let file = files.file(at: snippet.path), file.blob != snippet.blob else { return snippet }
        if ordinal == 0 { return try chunkSnippet(blob: file.blob, ordinal: 0, id: "\(file.blob):0") }
        if let symbol = snippet.symbol, let row = try store.database.rows(
            "SELECT \(ChunkRow.columns) FROM chunks c JOIN blobs b ON b.id = c.blob_id WHERE c.blob_id = ? AND c.symbol = ? AND c.ordinal > 0 ORDER BY c.kind = ? DESC, c.ordinal LIMIT 1",
            [.integer(file.blobID), .text(symbol), .text(snippet.kind.rawValue)], ChunkRow.init
        ).first {
            return try chunkSnippet(blob: row.blob, ordinal: row.ordinal, id: row.chunkID)
        }
        let location = SnippetLocation(path: file.path, start: snippet.startLine, end: snippet.endLine)
        return try lineSnippet(location, id: "\(file.path):\(snippet.startLine)-\(snippet.endLine)")
    }

    /// What context ids look like, for error messages a model reads.
    static let idForms = "ids look like BLOB:ORDINAL (as similarity_search returns them), path:start-end, path:line (as grep returns them) or a path"

    /// `BLOB:ORDINAL` split, when `id` has that shape.
    private static func chunkID(_ id: String) -> (String, Int64)? {
        let parts = id.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].utf8.count == 40, parts[0].allSatisfy(\.isHexDigit), let ordinal = Int64(parts[1]) else { return nil }
        return (String(parts[0]).lowercased(), ordinal)
    }

    private func chunkSnippet(blob: String, ordinal: Int64, id: String) throws(RAGError) -> Snippet {
        guard let row = try store.database.rows(
            "SELECT \(ChunkRow.columns) FROM chunks c JOIN blobs b ON b.id = c.blob_id WHERE b.blob = ? AND c.ordinal = ?",
            [.text(blob), .integer(ordinal)], ChunkRow.init
        ).first else {
            throw RAGError(.unknownChunk, "chunk '\(id)' is not in the index; search again after `healer rag index`, or ask for path:start-end")
        }
        var path = try currentFilesIfAny()?.pathsByBlobID[row.blobID]
        if path == nil {
            path = try store.database.rows("SELECT path FROM blob_paths WHERE blob_id = ? ORDER BY path LIMIT 1", [.integer(row.blobID)]) { $0.text(0) }.first
        }
        let table = LineTable(try blobBytes(row.blob, path: path))
        return Snippet(chunkID: row.chunkID, path: path ?? "", symbol: row.symbol, kind: row.kind,
                       startLine: row.startLine, endLine: row.endLine, text: Self.text(table, lines: row.startLine...row.endLine), blob: row.blob)
    }

    /// Lines of a file in the indexed revision, bounded by ``maxSnippetLines``.
    private func lineSnippet(_ location: SnippetLocation, id: String) throws(RAGError) -> Snippet {
        let files = try currentFiles()
        guard let file = files.file(at: location.path) else {
            // Without lines the id may have been meant as a chunk id (the REST server answers 400 for that).
            let what = location.start == nil ? "is not a chunk id, nor a file" : "is not a file"
            throw RAGError(.unknownChunk, "'\(location.path)' \(what) in the indexed revision \(files.commit.prefix(12)) (paths are relative to the repository root); \(Self.idForms)")
        }
        let table = LineTable(try blobBytes(file.blob, path: file.path))
        guard table.count > 0 else {
            throw RAGError(.unknownChunk, "'\(file.path)' is empty; there is nothing to show")
        }
        let start = location.start ?? 1
        guard start >= 1, start <= table.count else {
            throw RAGError(.unknownChunk, "'\(id)' starts after the end of \(file.path), which has \(table.count) lines")
        }
        let requestedEnd = location.end ?? (location.start == nil ? table.count : start)
        guard requestedEnd >= start else { throw RAGError(.unknownChunk, "'\(id)' ends before it starts; write path:start-end with start <= end") }
        let end = min(requestedEnd, table.count, start + Self.maxSnippetLines - 1)
        let chunkID = "\(file.path):\(start)-\(end)"
        return Snippet(chunkID: chunkID, path: file.path, symbol: nil, kind: .file, startLine: start, endLine: end,
                       text: Self.text(table, lines: start...end), blob: file.blob)
    }

    /// The lines `lines` of `table`, without the last line break.
    private static func text(_ table: LineTable, lines: ClosedRange<Int>) -> String {
        var bytes = table.bytes[table.range(lines: lines)]
        if bytes.last == 10 { bytes = bytes.dropLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func currentFilesIfAny() throws(RAGError) -> RevisionFiles? {
        guard try store.meta("current") != nil else { return nil }
        return try currentFiles()
    }
}

/// A `path`, `path:line` or `path:start-end` context id, parsed (the path may itself hold colons).
struct SnippetLocation: Equatable {
    var path: String
    var start: Int?
    var end: Int?

    init(path: String, start: Int?, end: Int?) {
        self.path = path
        self.start = start
        self.end = end
    }

    init?(_ id: String) {
        guard !id.isEmpty else { return nil }
        path = id
        guard let colon = id.lastIndex(of: ":") else { return }
        let lines = id[id.index(after: colon)...]
        let bounds = lines.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard !lines.isEmpty, let first = Int(bounds[0]) else { return }
        if bounds.count == 2 {
            guard let last = Int(bounds[1]) else { return }
            end = last
        }
        start = first
        path = String(id[..<colon])
        if path.isEmpty { return nil }
    }
}

extension RevisionFiles {
    /// The indexed file at `path` (relative to the repository root; a leading `./` or `/` is ignored).
    func file(at path: String) -> IndexedFile? {
        var relative = Substring(path)
        while relative.hasPrefix("./") { relative = relative.dropFirst(2) }
        while relative.hasPrefix("/") { relative = relative.dropFirst() }
        return files.first { $0.path == relative }
    }
}
