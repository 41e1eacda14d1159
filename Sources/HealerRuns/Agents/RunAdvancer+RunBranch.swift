// Moving a run branch that someone has checked out: the files follow, local changes are kept or the move is refused.
import Foundation
import HealerGit
import HealerHeal
import HealerWorkspace

extension RunAdvancer {
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
        let work = try Repository.open(at: checkout)
        let current = try work.reference("refs/heads/\(branch)")?.hex ?? ""
        guard current == parent.hex else {
            throw PipelineError(.failure, "branch '\(branch)' moved while healer was committing on it (now \(current.prefix(7)), expected \(parent.short)); run the step again")
        }
        do { try work.resetKeepingChanges(to: commit) } catch {
            throw CheckoutConflict(error: PipelineError(.usage, "branch '\(branch)' is checked out in \(checkout) with uncommitted changes to files healer's commit \(commit.short) changes; commit or stash them (or switch branches), then run the step again"))
        }
    }

    /// The work tree that has `branch` checked out, if any (healer's own worktrees are detached;
    /// a bare repository lists no branch for itself).
    func workTreeWithBranch(_ branch: String) throws -> String? {
        let worktrees = (try? repository.worktrees()) ?? []
        return worktrees.first { $0.branch == "refs/heads/\(branch)" }?.path
    }
}

/// A run branch could not move because a person's uncommitted work is in the way: the step stops
/// without failing the run (exit 2), and runs again once the work tree allows it.
struct CheckoutConflict: Error {
    let error: PipelineError
}
