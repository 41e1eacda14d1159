// Answering "is this revision indexed?" without listing its tree: same commit, or same tree.
import Foundation
import HealerGit

extension RAGIndex {
    /// The report of indexing `commit` when nothing needs reading: it is already current (nothing
    /// is loaded or written), it was indexed before (it becomes current), or its tree is the tree
    /// of an indexed revision (an amended message, a rebase that changed nothing: its file list is
    /// copied). `nil` when its tree must be listed.
    func reuseIndexed(_ commit: ObjectID, started: Date) throws(RAGError) -> IndexReport? {
        func report(_ counts: [Int]) -> IndexReport {
            IndexReport(revision: commit.hex, filesSeen: counts[0], filesSkipped: counts[1], blobsIndexed: 0,
                        blobsReused: counts[2], chunks: 0, seconds: Date().timeIntervalSince(started))
        }
        let counts = try store.meta("files:" + commit.hex)?.split(separator: ",").compactMap { Int($0) }
        if let counts, counts.count == 3, try store.meta("current") == commit.hex {
            if settings.embeddings != nil { try embedPendingChunks() }
            return report(counts)
        }
        if try store.hasRevision(commit.hex), let counts, counts.count >= 2 {
            try store.setMeta("current", commit.hex)
            revisionCache = nil
            var full = counts
            if full.count == 2 {
                // Written before the blob count was kept: count them once and keep the count.
                let blobs = try store.database.rows(
                    "SELECT count(DISTINCT blob_id) FROM revision_files WHERE commit_id = ?", [.text(commit.hex)]) { Int($0.int(0)) }.first ?? 0
                full.append(blobs)
                try store.setMeta("files:" + commit.hex, full.map(String.init).joined(separator: ","))
            }
            if settings.embeddings != nil { try embedPendingChunks() }
            return report(full)
        }
        let tree: ObjectID
        do {
            tree = try repository.commit(commit).tree
        } catch {
            throw RAGError(git: error)
        }
        guard let twin = try store.meta("tree:" + tree.hex), twin != commit.hex, try store.hasRevision(twin),
              let twinCounts = try store.meta("files:" + twin)?.split(separator: ",").compactMap({ Int($0) }), twinCounts.count == 3
        else { return nil }
        try store.database.transaction { () throws(RAGError) in
            try store.database.query("DELETE FROM revision_files WHERE commit_id = ?", [.text(commit.hex)])
            try store.database.query("DELETE FROM meta WHERE key = ?", [.text(RevisionScope.maskKey(commit.hex))])
            try store.database.query("INSERT INTO revision_files(commit_id, path, blob_id) SELECT ?, path, blob_id FROM revision_files WHERE commit_id = ?",
                                     [.text(commit.hex), .text(twin)])
            try store.database.query("INSERT OR REPLACE INTO revisions(commit_id, indexed_at) VALUES(?, strftime('%s','now'))", [.text(commit.hex)])
            try store.pruneRevisions(keep: settings.revisionsKept)
            try store.setMeta("current", commit.hex)
            try store.setMeta("files:" + commit.hex, twinCounts.map(String.init).joined(separator: ","))
            try store.setMeta("tree:" + tree.hex, commit.hex)
        }
        revisionCache = nil
        if settings.embeddings != nil { try embedPendingChunks() }
        return report(twinCounts)
    }
}
