// Checking out commits in a worktree, and computing reverts, without touching other checkouts.
import CLibGit2

extension Repository {
    /// Makes the work tree match `commit` exactly (tracked files forced, untracked files
    /// removed, ignored files such as build caches kept) and detaches `HEAD` there.
    ///
    /// Use it only in healer's own worktrees, never in a user's checkout.
    package func checkoutDetached(_ commit: ObjectID) throws(GitError) {
        guard workDirectory != nil else { throw GitError(.libgit2, "cannot check out in a bare repository") }
        try withCommit(commit) { handleCommit throws(GitError) in
            var options = git_checkout_options()
            git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION))
            options.checkout_strategy = GIT_CHECKOUT_FORCE.rawValue | GIT_CHECKOUT_REMOVE_UNTRACKED.rawValue
            try check(git_checkout_tree(handle, handleCommit, &options), "cannot check out \(commit.short)")
            var oid = commit.oid
            try check(git_repository_set_head_detached(handle, &oid), "cannot point HEAD at \(commit.short)")
        }
    }

    /// The tree that reverting `commit` on top of `onto` gives, or `nil` when the revert conflicts.
    ///
    /// For a merge commit the first parent is the mainline.
    package func revertTree(of commit: ObjectID, onto: ObjectID) throws(GitError) -> ObjectID? {
        try withCommit(commit) { revertCommit throws(GitError) in
            try withCommit(onto) { ourCommit throws(GitError) in
                var index: OpaquePointer?
                let mainline: UInt32 = git_commit_parentcount(revertCommit) > 1 ? 1 : 0
                try check(git_revert_commit(&index, handle, revertCommit, ourCommit, mainline, nil), "cannot revert \(commit.short)")
                defer { git_index_free(index) }
                if git_index_has_conflicts(index) == 1 { return nil }
                var tree = git_oid()
                try check(git_index_write_tree_to(&tree, index, handle), "cannot write the reverted tree")
                return ObjectID(tree)
            }
        }
    }

    /// Points the branch `name` at `commit`, creating it or moving it only from `expected`.
    package func setBranch(_ name: String, to commit: ObjectID, expected: ObjectID?) throws(GitError) {
        try updateReference("refs/heads/" + name, to: commit, expected: expected, message: "healer: \(name)")
    }
}
