// Creating commits and branches without touching anyone's checkout.
import CLibGit2
import Foundation

extension Repository {
    /// Writes a commit object with the given tree and parents; no reference moves.
    package func createCommit(tree: ObjectID, parents: [ObjectID], message: String) throws(GitError) -> ObjectID {
        let signature = try signature()
        defer { git_signature_free(signature) }
        var treeHandle: OpaquePointer?
        var treeOID = tree.oid
        try check(git_tree_lookup(&treeHandle, handle, &treeOID), "tree \(tree.short) does not exist")
        defer { git_tree_free(treeHandle) }
        var parentHandles: [OpaquePointer?] = []
        defer { parentHandles.forEach { git_commit_free($0) } }
        for parent in parents {
            var commit: OpaquePointer?
            var oid = parent.oid
            try check(git_commit_lookup(&commit, handle, &oid), "parent commit \(parent.short) does not exist")
            parentHandles.append(commit)
        }
        var out = git_oid()
        let result = parentHandles.withUnsafeMutableBufferPointer { buffer in
            git_commit_create(&out, handle, nil, signature, signature, "UTF-8", message, treeHandle, buffer.count, buffer.baseAddress)
        }
        try check(result, "cannot create a commit")
        return ObjectID(out)
    }

    /// Commits the index of this repository (or worktree) on its checked-out branch.
    ///
    /// - Returns: the new commit, whose parent is the previous `HEAD`.
    package func commitIndex(message: String) throws(GitError) -> ObjectID {
        var index: OpaquePointer?
        try check(git_repository_index(&index, handle), "cannot open the index")
        defer { git_index_free(index) }
        var tree = git_oid()
        try check(git_index_write_tree(&tree, index), "cannot write the index as a tree")
        let head = try resolve("HEAD")
        let commit = try createCommit(tree: ObjectID(tree), parents: [head], message: message)
        var ref: OpaquePointer?
        var commitOID = commit.oid
        var headOID = head.oid
        // HEAD moves only if it still points where we read it (compare-and-swap through the branch).
        var headRef: OpaquePointer?
        try check(git_repository_head(&headRef, handle), "cannot read HEAD")
        defer { git_reference_free(headRef) }
        let name = String(cString: git_reference_name(headRef))
        let result = git_reference_create_matching(&ref, handle, name, &commitOID, 1, &headOID, "healer: commit")
        git_reference_free(ref)
        try check(result, "cannot move \(name) to the new commit")
        return commit
    }

    /// Adds the current work-tree contents of `paths` to the index (a deleted file is removed).
    package func stage(_ paths: [String]) throws(GitError) {
        var index: OpaquePointer?
        try check(git_repository_index(&index, handle), "cannot open the index")
        defer { git_index_free(index) }
        guard let root = workDirectory else { throw GitError(.libgit2, "cannot stage files in a bare repository") }
        for path in paths {
            if access(root + "/" + path, F_OK) == 0 {
                try check(git_index_add_bypath(index, path), "cannot stage '\(path)'")
            } else {
                let result = git_index_remove_bypath(index, path)
                if result < 0 && result != GIT_ENOTFOUND.rawValue { try check(result, "cannot unstage '\(path)'") }
            }
        }
        try check(git_index_write(index), "cannot write the index")
    }

    /// Creates the branch `name` at `commit`.
    ///
    /// - Throws: ``GitError/Code/alreadyExists`` when the branch exists.
    package func createBranch(_ name: String, at commit: ObjectID) throws(GitError) {
        try withCommit(commit) { handleCommit throws(GitError) in
            var ref: OpaquePointer?
            let result = git_branch_create(&ref, handle, name, handleCommit, 0)
            git_reference_free(ref)
            if result == GIT_EEXISTS.rawValue {
                throw GitError(.alreadyExists, "branch '\(name)' already exists", libgit2Code: result)
            }
            try check(result, "cannot create branch '\(name)'")
        }
    }
}
