// Moving a run branch that someone has checked out: the files follow, local changes are kept or the move is refused.
import Foundation
import HealerGit

extension Workspace {
    /// Moves `branch` from `parent` to `commit`.
    ///
    /// When a work tree (the main one or a linked `git worktree`) has the branch checked out,
    /// moving only the ref would leave that checkout's files at the old commit, so that `git
    /// status` shows the new commit's changes reversed and a `git commit -a` would undo them.
    /// There the move is `git reset --keep`: the files follow the branch, uncommitted changes to
    /// other files stay, and a change to a file the commit touches refuses the move (nothing is
    /// lost; the step fails with what to do).
    func moveRunBranch(_ branch: String, to commit: ObjectID, from parent: ObjectID) throws {
        guard let checkout = try workTreeWithBranch(branch) else {
            try repository.setBranch(branch, to: commit, expected: parent)
            return
        }
        let command = GitCommand(directory: checkout)
        let current = try command.run(["rev-parse", "--verify", "-q", "refs/heads/\(branch)"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard current == parent.hex else {
            throw PipelineError(.failure, "branch '\(branch)' moved while healer was committing on it (now \(current.prefix(7)), expected \(parent.short)); run the step again")
        }
        let output = try command.run(["reset", "--keep", "-q", commit.hex])
        guard output.status == 0 else {
            throw CheckoutConflict(error: PipelineError(.input, "branch '\(branch)' is checked out in \(checkout) with uncommitted changes to files healer's commit \(commit.short) changes; commit or stash them (or switch branches), then run the step again"))
        }
    }

    /// The work tree that has `branch` checked out, if any (healer's own worktrees are detached;
    /// a bare repository lists no branch for itself).
    func workTreeWithBranch(_ branch: String) throws -> String? {
        let command = GitCommand(directory: repository.workDirectory ?? repository.gitDirectory)
        let output = try command.run(["worktree", "list", "--porcelain"])
        guard output.status == 0 else { return nil }
        var path: String?
        for line in output.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("worktree ") {
                path = String(line.dropFirst("worktree ".count))
            } else if line == "branch refs/heads/\(branch)", let path {
                return path
            }
        }
        return nil
    }
}

/// A run branch could not move because a person's uncommitted work is in the way: the step stops
/// without failing the run (exit 2), and runs again once the work tree allows it.
struct CheckoutConflict: Error {
    let error: PipelineError
}
