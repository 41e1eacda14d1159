// Writing whole files into a commit's tree in memory: how agent edits become commits.
import CLibGit2
import Foundation

extension Repository {
    /// The tree of `base` with files written (`Data`) or deleted (`nil`), built in memory.
    ///
    /// Every path is checked against `policy` first; a file keeps its mode when it exists.
    /// No work tree or checkout is touched.
    package func tree(writing changes: [String: Data?], onto base: ObjectID, policy: PatchPolicy = PatchPolicy()) throws(GitError) -> ObjectID {
        for path in changes.keys {
            if let why = policy.violation(for: path) { throw GitError(.invalidPatch, "edit refused: \(why)") }
        }
        return try withTree(ofCommit: base) { tree throws(GitError) in
            var index: OpaquePointer?
            try check(git_index_new(&index), "cannot create an index")
            defer { git_index_free(index) }
            try check(git_index_read_tree(index, tree), "cannot read the tree of \(base.short)")
            for (path, data) in changes.sorted(by: { $0.key < $1.key }) {
                guard let data else {
                    let result = git_index_remove(index, path, 0)
                    if result < 0 && result != GIT_ENOTFOUND.rawValue { try check(result, "cannot delete '\(path)'") }
                    continue
                }
                var entry = git_index_entry()
                let existing = git_index_get_bypath(index, path, 0)
                entry.mode = existing?.pointee.mode ?? GIT_FILEMODE_BLOB.rawValue
                if entry.mode == GIT_FILEMODE_LINK.rawValue && !policy.allowsSymlinks {
                    throw GitError(.invalidPatch, "edit refused: '\(path)' is a symbolic link")
                }
                // A standalone index cannot hash buffers itself: write the blob, then add the entry.
                entry.id = try writeBlob(data).oid
                entry.file_size = UInt32(truncatingIfNeeded: data.count)
                let result = path.withCString { cPath in
                    entry.path = cPath
                    return git_index_add(index, &entry)
                }
                try check(result, "cannot write '\(path)'")
            }
            var out = git_oid()
            try check(git_index_write_tree_to(&out, index, handle), "cannot write the edited tree")
            return ObjectID(out)
        }
    }
}
