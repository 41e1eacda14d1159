// Linked worktrees: each run works in its own, never in the user's checkout.
import CLibGit2
import Foundation

extension Repository {
    /// Opens the linked worktree `name` at `path`, creating it with `branch` checked out if needed.
    ///
    /// A worktree whose directory vanished is pruned and made again, so the call is idempotent
    /// and recovers from an interrupted earlier call.
    /// - Returns: the worktree opened as a repository.
    package func worktree(named name: String, at path: String, branch: String) throws(GitError) -> Repository {
        var existing: OpaquePointer?
        if git_worktree_lookup(&existing, handle, name) == 0, let existing {
            defer { git_worktree_free(existing) }
            if git_worktree_validate(existing) == 0, FileManager.default.fileExists(atPath: path + "/.git") {
                return try Repository.open(at: path)
            }
            var options = git_worktree_prune_options()
            git_worktree_prune_options_init(&options, UInt32(GIT_WORKTREE_PRUNE_OPTIONS_VERSION))
            options.flags = GIT_WORKTREE_PRUNE_VALID.rawValue | GIT_WORKTREE_PRUNE_LOCKED.rawValue | GIT_WORKTREE_PRUNE_WORKING_TREE.rawValue
            try check(git_worktree_prune(existing, &options), "cannot prune the stale worktree '\(name)'")
        }
        if FileManager.default.fileExists(atPath: path) {
            try? FileManager.default.removeItem(atPath: path)
        }
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var ref: OpaquePointer?
        try check(git_reference_lookup(&ref, handle, "refs/heads/" + branch), "branch '\(branch)' does not exist")
        defer { git_reference_free(ref) }
        var options = git_worktree_add_options()
        git_worktree_add_options_init(&options, UInt32(GIT_WORKTREE_ADD_OPTIONS_VERSION))
        options.ref = ref
        var worktree: OpaquePointer?
        try check(git_worktree_add(&worktree, handle, name, path, &options), "cannot create a worktree for '\(branch)' at '\(path)'")
        git_worktree_free(worktree)
        return try Repository.open(at: path)
    }

    /// Removes the linked worktree `name` and its directory; the branch stays.
    package func removeWorktree(named name: String) throws(GitError) {
        var worktree: OpaquePointer?
        guard git_worktree_lookup(&worktree, handle, name) == 0, let worktree else { return }
        defer { git_worktree_free(worktree) }
        var options = git_worktree_prune_options()
        git_worktree_prune_options_init(&options, UInt32(GIT_WORKTREE_PRUNE_OPTIONS_VERSION))
        options.flags = GIT_WORKTREE_PRUNE_VALID.rawValue | GIT_WORKTREE_PRUNE_LOCKED.rawValue | GIT_WORKTREE_PRUNE_WORKING_TREE.rawValue
        try check(git_worktree_prune(worktree, &options), "cannot remove the worktree '\(name)'")
    }

    /// Adds a detached worktree at `path` with `commit` checked out (`git worktree add --detach
    /// --force`), first pruning worktrees whose directories vanished.
    ///
    /// - Throws: ``GitError/Code/command`` when git cannot run or cannot add the worktree.
    package func addDetachedWorktree(at path: String, commit: ObjectID) throws(GitError) {
        let command = GitCommand(directory: commandDirectory)
        _ = try? command.run(["worktree", "prune"])
        try command.checked(["worktree", "add", "--detach", "--force", path, commit.hex])
    }

    /// One work tree of the repository, as `git worktree list` shows it.
    package struct WorktreeEntry: Sendable, Equatable {
        /// The work tree's directory.
        package var path: String
        /// The branch checked out there (`refs/heads/...`), or `nil` when detached or bare.
        package var branch: String?
    }

    /// The main work tree and every linked one (`git worktree list --porcelain`).
    ///
    /// - Throws: ``GitError/Code/command`` when git cannot run or fails.
    package func worktrees() throws(GitError) -> [WorktreeEntry] {
        let output = try GitCommand(directory: commandDirectory).checked(["worktree", "list", "--porcelain"])
        var entries: [WorktreeEntry] = []
        for line in output.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("worktree ") {
                entries.append(WorktreeEntry(path: String(line.dropFirst("worktree ".count))))
            } else if line.hasPrefix("branch "), !entries.isEmpty {
                entries[entries.count - 1].branch = String(line.dropFirst("branch ".count))
            }
        }
        return entries
    }
}
