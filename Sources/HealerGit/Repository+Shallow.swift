// Shallow clones (CI checkouts fetch one commit by default): telling them apart and deepening them.
import Foundation

extension Repository {
    /// Whether this clone is shallow: history before its `shallow` commits was not fetched.
    package var isShallow: Bool {
        FileManager.default.fileExists(atPath: commonDirectory + "/shallow")
    }

    /// Fetches `commits` more commits of history from `remote` (`git fetch --deepen`), through
    /// the git executable so the CI's credentials apply.
    ///
    /// - Throws: ``GitError`` with git's own `fatal:` line when the fetch fails.
    package func deepen(by commits: Int, remote: String) throws(GitError) {
        let command = GitCommand(directory: workDirectory ?? gitDirectory)
        _ = try command.checked(["fetch", "--quiet", "--no-tags", "--deepen=\(commits)", remote])
    }
}
