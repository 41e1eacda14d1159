// Reading files, trees and blobs at a revision, and writing blobs.
import CLibGit2
import Foundation

/// One file in a tree listing.
package struct TreeEntry: Sendable, Equatable {
    /// The path from the tree's root, with `/` separators.
    package var path: String
    /// The id of the file's blob (or of the commit, for a submodule).
    package var id: ObjectID
    /// The git file mode (`0o100644`, `0o100755`, `0o120000` for a symlink, `0o160000` for a submodule).
    package var mode: UInt32

    /// Whether the entry is an ordinary or executable file.
    package var isFile: Bool { mode == 0o100644 || mode == 0o100755 }
}

extension Repository {
    /// The contents of the file at `path` in the commit `revision`.
    ///
    /// - Throws: ``GitError/Code/notFound`` when the revision or the path does not exist.
    package func readFile(_ path: String, at revision: String) throws(GitError) -> Data {
        let commitID = try resolve(revision)
        return try withTree(ofCommit: commitID) { tree throws(GitError) in
            var entry: OpaquePointer?
            let result = git_tree_entry_bypath(&entry, tree, path)
            guard result == 0, let entry else {
                if result == GIT_ENOTFOUND.rawValue {
                    throw GitError(.notFound, "'\(path)' does not exist at \(revision) (\(commitID.short))", libgit2Code: result)
                }
                throw GitError.libgit2(result, "cannot look up '\(path)' at \(revision)")
            }
            defer { git_tree_entry_free(entry) }
            guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB else {
                throw GitError(.notFound, "'\(path)' at \(revision) is a directory, not a file")
            }
            return try blob(ObjectID(git_tree_entry_id(entry)))
        }
    }

    /// Every file under the commit `revision`'s tree, recursively, in tree order.
    package func listTree(at revision: String) throws(GitError) -> [TreeEntry] {
        let commitID = try resolve(revision)
        return try withTree(ofCommit: commitID) { tree throws(GitError) in
            final class Collector { var entries: [TreeEntry] = [] }
            let collector = Collector()
            let payload = Unmanaged.passUnretained(collector).toOpaque()
            let result = git_tree_walk(tree, GIT_TREEWALK_PRE, { root, entry, payload in
                guard let entry, let payload, git_tree_entry_type(entry) != GIT_OBJECT_TREE else { return 0 }
                let collector = Unmanaged<Collector>.fromOpaque(payload).takeUnretainedValue()
                let name = String(cString: git_tree_entry_name(entry))
                let prefix = root.map { String(cString: $0) } ?? ""
                collector.entries.append(TreeEntry(
                    path: prefix + name,
                    id: ObjectID(git_tree_entry_id(entry)),
                    mode: git_tree_entry_filemode(entry).rawValue
                ))
                return 0
            }, payload)
            try check(result, "cannot list the tree of \(revision)")
            return collector.entries
        }
    }

    /// The contents of a blob.
    package func blob(_ id: ObjectID) throws(GitError) -> Data {
        var blob: OpaquePointer?
        var oid = id.oid
        let result = git_blob_lookup(&blob, handle, &oid)
        guard result == 0, let blob else {
            if result == GIT_ENOTFOUND.rawValue {
                throw GitError(.notFound, "blob \(id.short) is not in this repository; fetch the refs that keep it (`healer sync`)", libgit2Code: result)
            }
            throw GitError.libgit2(result, "cannot read blob \(id.short)")
        }
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let raw = git_blob_rawcontent(blob) else { return Data() }
        return Data(bytes: raw, count: size)
    }

    /// Writes `data` as a blob and returns its id (an existing identical blob is reused).
    @discardableResult
    package func writeBlob(_ data: Data) throws(GitError) -> ObjectID {
        var oid = git_oid()
        let result = data.withUnsafeBytes { buffer in
            git_blob_create_from_buffer(&oid, handle, buffer.baseAddress, buffer.count)
        }
        try check(result, "cannot write a blob")
        return ObjectID(oid)
    }

    /// Whether an object with this id exists in the object database.
    package func hasObject(_ id: ObjectID) -> Bool {
        var odb: OpaquePointer?
        guard git_repository_odb(&odb, handle) == 0 else { return false }
        defer { git_odb_free(odb) }
        var oid = id.oid
        return git_odb_exists(odb, &oid) == 1
    }

    func withTree<T>(ofCommit id: ObjectID, _ body: (OpaquePointer) throws(GitError) -> T) throws(GitError) -> T {
        try withCommit(id) { commit throws(GitError) in
            var tree: OpaquePointer?
            try check(git_commit_tree(&tree, commit), "cannot read the tree of \(id.short)")
            guard let tree else { throw GitError(.libgit2, "commit \(id.short) has no tree") }
            defer { git_tree_free(tree) }
            return try body(tree)
        }
    }
}
