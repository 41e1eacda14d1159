// The repository, store and configuration a command works on.
import Foundation
import HealerGit
import HealerState
import HealerStore

/// Everything a command needs: the repository, its run store and its configuration.
package struct Workspace {
    /// The repository (the user's; healer never changes its checkout).
    package let repository: Repository
    /// The run store.
    package let store: RunStore
    /// `.healer.yml`.
    package let configuration: Configuration

    /// Opens the repository containing `directory` and reads its configuration.
    ///
    /// - Throws: ``PipelineError`` (input) when `directory` is not in a repository or the
    ///   configuration is invalid.
    package static func open(at directory: String = FileManager.default.currentDirectoryPath) throws(PipelineError) -> Workspace {
        let repository = try pipeline { try Repository.discover(at: directory) }
        let configuration = try Configuration.load(directory: repository.workDirectory ?? directory)
        return Workspace(repository: repository, store: RunStore(repository: repository), configuration: configuration)
    }

    /// The remote to sync with: the configured one, else `origin`, else the only remote.
    package func defaultRemote() -> String {
        if let remote = configuration.remote { return remote }
        let remotes = (try? repository.remotes()) ?? []
        if remotes.contains("origin") || remotes.isEmpty { return "origin" }
        return remotes[0]
    }

    /// The trunk's short name: `origin/HEAD`'s target, else `main` or `master` when present.
    package func trunkBranch() -> String? {
        if let branch = try? repository.defaultBranch(remote: defaultRemote()) { return branch }
        for candidate in ["main", "master", "trunk"] where (try? repository.reference("refs/heads/" + candidate)) != nil {
            return candidate
        }
        return nil
    }
}
