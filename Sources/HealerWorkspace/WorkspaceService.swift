// The shape of the rooms' services: each holds the workspace it works in and reads its context through it.
import HealerGit
import HealerStore

/// A focused service (advancing runs, healing the trunk, a CI job, the pre-push hook) made for
/// one command from the small ``Workspace`` context value.
package protocol WorkspaceService {
    /// The context: the repository, its run store and its configuration.
    var workspace: Workspace { get }
}

extension WorkspaceService {
    /// The repository (the user's; healer never changes its checkout).
    package var repository: Repository { workspace.repository }
    /// The run store.
    package var store: RunStore { workspace.store }
    /// `.healer.yml` as read.
    package var configuration: Configuration { workspace.configuration }
    /// The remote to sync with (``Workspace/defaultRemote()``).
    package func defaultRemote() -> String { workspace.defaultRemote() }
    /// The trunk's short name (``Workspace/trunkBranch()``).
    package func trunkBranch() -> String? { workspace.trunkBranch() }
}
