// The state of a work tree as the git executable sees it: uncommitted changes, a branch move that keeps them.
import Foundation

extension Repository {
    /// Whether tracked files in the work tree or the index differ from `HEAD`
    /// (`git status --porcelain --untracked-files=no` prints anything); `false` for a bare repository.
    ///
    /// - Throws: ``GitError/Code/command`` when git cannot run or fails.
    package func hasUncommittedChanges() throws(GitError) -> Bool {
        guard let workDirectory else { return false }
        return try !GitCommand(directory: workDirectory).checked(["status", "--porcelain", "--untracked-files=no"]).stdout.isEmpty
    }

    /// Moves the checked-out branch and the work tree to `commit` (`git reset --keep`): the
    /// files follow, uncommitted changes to other files stay.
    ///
    /// - Throws: ``GitError/Code/command`` when git cannot run or refuses because an uncommitted
    ///   change is to a file that differs between `HEAD` and `commit` (nothing is changed then).
    package func resetKeepingChanges(to commit: ObjectID) throws(GitError) {
        try GitCommand(directory: commandDirectory).checked(["reset", "--keep", "-q", commit.hex])
    }

    /// The last `limit` commits of `revision`, newest first, as `git log --name-only` lists them
    /// without following renames and without the root commit's files: each record starts with
    /// the byte 0x1E and holds the subject, 0x1F, the body, 0x1F, then the changed paths one per
    /// line (unquoted).
    ///
    /// - Throws: ``GitError/Code/command`` when git cannot run or cannot read the history.
    package func nameOnlyLog(of revision: String, limit: Int) throws(GitError) -> String {
        try GitCommand(directory: commandDirectory).checked([
            "-c", "core.quotepath=off", "-c", "log.showRoot=false", "log", "-n", String(limit), "--no-renames",
            "--format=%x1e%s%x1f%b%x1f", "--name-only", revision, "--",
        ]).stdout
    }
}
