// What a chunk search needs of a revision: which blobs it holds, and the paths of the few it returns.
import Foundation

/// The blobs of one indexed revision as a mask by blob row id, packed in one `meta` row
/// (`mask:COMMIT`, a bitset in base64), and the paths of blobs read only when asked: a one-shot
/// query does not load the revision's whole file list (23,000 rows on the benchmark corpus).
/// When the list is loaded already (``RevisionFiles``, a long-lived index), it answers from it.
final class RevisionScope {
    let commit: String
    /// Whether a blob row id is in the revision (indexed files only), indexed by row id.
    let blobMask: [Bool]
    private let store: IndexStore
    private let files: RevisionFiles?
    private var paths: [Int64: String] = [:]

    /// A scope answering from a loaded file list.
    init(files: RevisionFiles, store: IndexStore) {
        commit = files.commit
        blobMask = files.blobMask
        self.store = store
        self.files = files
    }

    /// A scope of `commit` reading its mask from the index, written there on first use.
    init(commit: String, store: IndexStore) throws(RAGError) {
        self.commit = commit
        self.store = store
        files = nil
        if let packed = try store.meta(Self.maskKey(commit)), let mask = Self.unpack(packed) {
            blobMask = mask
            return
        }
        let blobIDs = try store.database.rows("""
            SELECT f.blob_id FROM revision_files f JOIN blobs b ON b.id = f.blob_id WHERE f.commit_id = ? AND b.status = 'indexed'
            """, [.text(commit)]) { Int($0.int(0)) }
        var mask = [Bool](repeating: false, count: (blobIDs.max() ?? 0) + 1)
        for id in blobIDs { mask[id] = true }
        blobMask = mask
        // An index that cannot be written to (read-only, busy) still answers.
        try? store.setMeta(Self.maskKey(commit), Self.pack(mask))
    }

    static func maskKey(_ commit: String) -> String { "mask:" + commit }

    /// Whether the blob with row id `blobID` is in the revision.
    func contains(_ blobID: Int64) -> Bool { blobID >= 0 && Int(blobID) < blobMask.count && blobMask[Int(blobID)] }

    /// The path of a blob whose path was loaded with ``loadPaths(_:)`` (the first path in path
    /// order when the blob is at several).
    func path(ofBlob blobID: Int64) -> String? { files?.pathsByBlobID[blobID] ?? paths[blobID] }

    /// Reads the paths of those of `blobIDs` not read before.
    func loadPaths(_ blobIDs: some Sequence<Int64>) throws(RAGError) {
        guard files == nil else { return }
        let missing = Set(blobIDs.filter { paths[$0] == nil && contains($0) })
        guard !missing.isEmpty else { return }
        let list = missing.sorted().map(String.init).joined(separator: ",")
        try store.database.query(
            "SELECT blob_id, min(path) FROM revision_files WHERE commit_id = ? AND blob_id IN (\(list)) GROUP BY blob_id", [.text(commit)]
        ) { row in paths[row.int(0)] = row.text(1) }
    }

    /// The blob row ids of those of `paths` that are indexed files of the revision.
    func blobIDs(atPaths wanted: [String]) throws(RAGError) -> [String: Int64] {
        if let files { return Dictionary(wanted.compactMap { path in files.blobIDsByPath[path].map { (path, $0) } }, uniquingKeysWith: { first, _ in first }) }
        guard !wanted.isEmpty else { return [:] }
        var found: [String: Int64] = [:]
        let placeholders = Array(repeating: "?", count: wanted.count).joined(separator: ",")
        try store.database.query(
            "SELECT path, blob_id FROM revision_files WHERE commit_id = ? AND path IN (\(placeholders))",
            [.text(commit)] + wanted.map { .text($0) }
        ) { row in
            if contains(row.int(1)) { found[row.text(0)] = row.int(1) }
        }
        return found
    }

    /// The mask as a bitset (bit `i % 8` of byte `i / 8` for row id `i`), in base64.
    static func pack(_ mask: [Bool]) -> String {
        var bytes = [UInt8](repeating: 0, count: (mask.count + 7) / 8)
        for (id, present) in mask.enumerated() where present { bytes[id / 8] |= 1 << UInt8(id % 8) }
        return Data(bytes).base64EncodedString()
    }

    static func unpack(_ text: String) -> [Bool]? {
        guard let data = Data(base64Encoded: text) else { return nil }
        var mask = [Bool](repeating: false, count: data.count * 8)
        for (index, byte) in data.enumerated() where byte != 0 {
            for bit in 0..<8 where byte & (1 << UInt8(bit)) != 0 { mask[index * 8 + bit] = true }
        }
        return mask
    }
}
