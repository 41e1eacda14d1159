// The SQLite schema of the index and the reads and writes the service makes.
import Foundation

/// The embedded index: one SQLite file (WAL mode) holding blobs, chunks, postings of
/// code-aware terms for BM25 and of byte trigrams for grep.
///
/// Everything is keyed by blob id, so a blob is read and parsed once whatever the number of
/// revisions and paths that contain it. No text is stored and postings hold no positions: file
/// text is read back from git when a snippet or a grep needs it, which keeps the file small.
final class IndexStore {
    let database: SQLiteDatabase
    /// The file's path.
    let path: String

    static let schemaVersion = "3"

    init(path: String) throws(RAGError) {
        self.path = path
        database = try SQLiteDatabase(path: path)
        try database.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536; PRAGMA mmap_size=1073741824;")
        // An index of this schema has every table: opening it reads one row.
        if try storedSchemaVersion() != Self.schemaVersion { try createSchema() }
    }

    private func createSchema() throws(RAGError) {
        // The index is a cache of what git holds: one written by another schema is emptied and
        // built again by the next `index`, rather than refused.
        if let version = try storedSchemaVersion(), version != Self.schemaVersion { try dropEverything() }
        try database.execute("""
            CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS blobs(
                id INTEGER PRIMARY KEY, blob TEXT NOT NULL UNIQUE, language TEXT NOT NULL,
                status TEXT NOT NULL, size INTEGER NOT NULL, lines INTEGER NOT NULL, indexed_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS blob_paths(blob_id INTEGER NOT NULL, path TEXT NOT NULL, PRIMARY KEY(blob_id, path)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS revisions(commit_id TEXT PRIMARY KEY, indexed_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS revision_files(
                commit_id TEXT NOT NULL, path TEXT NOT NULL, blob_id INTEGER NOT NULL, PRIMARY KEY(commit_id, path)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS chunks(
                id INTEGER PRIMARY KEY, blob_id INTEGER NOT NULL, ordinal INTEGER NOT NULL, kind TEXT NOT NULL,
                symbol TEXT, container TEXT, start_line INTEGER NOT NULL, end_line INTEGER NOT NULL, UNIQUE(blob_id, ordinal));
            CREATE INDEX IF NOT EXISTS chunks_symbol_nocase ON chunks(symbol COLLATE NOCASE);
            CREATE TABLE IF NOT EXISTS embeddings(
                blob_id INTEGER NOT NULL, ordinal INTEGER NOT NULL, model TEXT NOT NULL, vector BLOB NOT NULL,
                PRIMARY KEY(blob_id, ordinal, model)) WITHOUT ROWID;
            """ + Self.postingsSchema + Self.trigramSchema)
        if try storedSchemaVersion() == nil {
            try database.query("INSERT INTO meta(key, value) VALUES('schema', ?)", [.text(Self.schemaVersion)])
        }
    }

    /// The schema the file was written with, or `nil` for a new file.
    func storedSchemaVersion() throws(RAGError) -> String? {
        var hasMeta = false
        try database.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'") { _ in hasMeta = true }
        guard hasMeta else { return nil }
        var version: String?
        try database.query("SELECT value FROM meta WHERE key = 'schema'") { row in version = row.text(0) }
        return version
    }

    /// Drops every table: virtual tables first (their shadow tables go with them), then the rest.
    private func dropEverything() throws(RAGError) {
        let tables = try database.rows("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'") {
            (name: $0.text(0), isVirtual: $0.text(1).uppercased().hasPrefix("CREATE VIRTUAL"))
        }
        try database.transaction { () throws(RAGError) in
            for table in tables.filter(\.isVirtual).reversed() + tables.filter({ !$0.isVirtual }) {
                try database.execute("DROP TABLE IF EXISTS \"\(table.name.replacingOccurrences(of: "\"", with: "\"\""))\"")
            }
        }
    }

    // MARK: meta

    func meta(_ key: String) throws(RAGError) -> String? {
        var value: String?
        try database.query("SELECT value FROM meta WHERE key = ?", [.text(key)]) { row in value = row.text(0) }
        return value
    }

    func setMeta(_ key: String, _ value: String) throws(RAGError) {
        try database.query("INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", [.text(key), .text(value)])
    }

    // MARK: blobs

    /// The row ids of the blobs already in the index, by blob id.
    func knownBlobs() throws(RAGError) -> [String: Int64] {
        var known: [String: Int64] = [:]
        try database.query("SELECT blob, id FROM blobs") { row in known[row.text(0)] = row.int(1) }
        return known
    }

    func insertBlob(id: Int64, _ blob: String, language: String, status: String, size: Int, lines: Int) throws(RAGError) {
        try database.query(
            "INSERT INTO blobs(id, blob, language, status, size, lines, indexed_at) VALUES(?, ?, ?, ?, ?, ?, strftime('%s','now'))",
            [.integer(id), .text(blob), .text(language), .text(status), .integer(Int64(size)), .integer(Int64(lines))]
        )
    }

    /// The row id the next blob written gets.
    func nextBlobID() throws(RAGError) -> Int64 {
        var next: Int64 = 1
        try database.query("SELECT max(id) FROM blobs") { row in next = row.int(0) + 1 }
        return next
    }

    func addPath(_ path: String, blobID: Int64) throws(RAGError) {
        try database.query("INSERT OR IGNORE INTO blob_paths(blob_id, path) VALUES(?, ?)", [.integer(blobID), .text(path)])
    }

    func insertChunk(id: Int64, blobID: Int64, ordinal: Int, symbol: SymbolChunk?, lines: Int) throws(RAGError) {
        try database.query(
            "INSERT INTO chunks(id, blob_id, ordinal, kind, symbol, container, start_line, end_line) VALUES(?, ?, ?, ?, ?, ?, ?, ?)",
            [
                .integer(id), .integer(blobID), .integer(Int64(ordinal)), .text(symbol?.kind.rawValue ?? ChunkKind.file.rawValue),
                symbol.map { .text($0.symbol) } ?? .null, symbol?.container.map { .text($0) } ?? .null,
                .integer(Int64(symbol?.startLine ?? 1)), .integer(Int64(symbol?.endLine ?? max(lines, 1))),
            ]
        )
    }


    /// The row id of a blob's whole-file chunk.
    func fileChunk(blobID: Int64) throws(RAGError) -> Int64? {
        try database.rows("SELECT id FROM chunks WHERE blob_id = ? AND ordinal = 0", [.integer(blobID)]) { $0.int(0) }.first
    }

    /// The row id the next chunk written gets.
    func nextChunkID() throws(RAGError) -> Int64 {
        var next: Int64 = 1
        try database.query("SELECT max(id) FROM chunks") { row in next = row.int(0) + 1 }
        return next
    }

    // MARK: revisions

    /// Records the files of `commit`, replacing an earlier record of the same commit.
    func setRevision(_ commit: String, files: [(path: String, blobID: Int64)]) throws(RAGError) {
        try database.query("DELETE FROM revision_files WHERE commit_id = ?", [.text(commit)])
        try database.query("DELETE FROM meta WHERE key = ?", [.text(RevisionScope.maskKey(commit))])
        for file in files {
            try database.query("INSERT INTO revision_files(commit_id, path, blob_id) VALUES(?, ?, ?)", [.text(commit), .text(file.path), .integer(file.blobID)])
        }
        try database.query("INSERT OR REPLACE INTO revisions(commit_id, indexed_at) VALUES(?, strftime('%s','now'))", [.text(commit)])
    }

    /// Forgets the file lists of all but the `keep` most recently indexed revisions (blobs stay).
    func pruneRevisions(keep: Int) throws(RAGError) {
        let old = try database.rows("SELECT commit_id FROM revisions ORDER BY indexed_at DESC, rowid DESC LIMIT -1 OFFSET ?", [.integer(Int64(keep))]) { $0.text(0) }
        for commit in old {
            try database.query("DELETE FROM revision_files WHERE commit_id = ?", [.text(commit)])
            try database.query("DELETE FROM revisions WHERE commit_id = ?", [.text(commit)])
            try database.query("DELETE FROM meta WHERE key IN (?, ?) OR key LIKE ?",
                               [.text("files:" + commit), .text(RevisionScope.maskKey(commit)), .text("history:" + commit + ":%")])
        }
    }

    func hasRevision(_ commit: String) throws(RAGError) -> Bool {
        var found = false
        try database.query("SELECT 1 FROM revisions WHERE commit_id = ?", [.text(commit)]) { _ in found = true }
        return found
    }

    /// The indexed files of `commit` whose blob row ids are in `blobIDs`, in path order.
    func revisionFiles(_ commit: String, blobIDs: Set<Int64>) throws(RAGError) -> [IndexedFile] {
        guard !blobIDs.isEmpty else { return [] }
        let list = blobIDs.sorted().map(String.init).joined(separator: ",")
        return try database.rows("""
            SELECT f.path, b.blob, b.id, b.language FROM revision_files f JOIN blobs b ON b.id = f.blob_id
            WHERE f.commit_id = ? AND f.blob_id IN (\(list)) AND b.status = 'indexed' ORDER BY f.path
            """, [.text(commit)]) { row in
            IndexedFile(path: row.text(0), blob: row.text(1), blobID: row.int(2), language: row.text(3))
        }
    }

    /// The indexed files of `commit`: path, blob id and row id, in path order.
    func revisionFiles(_ commit: String) throws(RAGError) -> [IndexedFile] {
        try database.rows("""
            SELECT f.path, b.blob, b.id, b.language FROM revision_files f JOIN blobs b ON b.id = f.blob_id
            WHERE f.commit_id = ? AND b.status = 'indexed' ORDER BY f.path
            """, [.text(commit)]) { row in
            IndexedFile(path: row.text(0), blob: row.text(1), blobID: row.int(2), language: row.text(3))
        }
    }
}

/// A file of an indexed revision.
struct IndexedFile: Sendable {
    var path: String
    var blob: String
    var blobID: Int64
    var language: String
}
