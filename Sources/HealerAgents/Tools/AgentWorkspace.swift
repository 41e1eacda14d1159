// The repository as the roles see it: files at the run's revision, its diff, patch checks.
import Foundation
import HealerGit
import HealerSystem

/// Read access to the run's revision and a dry run for patches: the roles' `read_file`,
/// `git_diff` and `apply_patch` tools.
package protocol AgentWorkspace: Sendable {
    /// The text of `path` at the run's revision.
    func readFile(_ path: String) async throws -> String
    /// The unified diff of the run so far (base to the run's revision).
    func diff() async throws -> String
    /// Checks that `patch` applies cleanly to the run's revision without writing anything.
    ///
    /// - Returns: the paths it touches.
    func checkPatch(_ patch: String) async throws -> [String]
}

/// An ``AgentWorkspace`` over a git repository through HealerGit, reading committed trees only.
///
/// It opens the repository for each call (a `Repository` must not be shared between threads).
package struct GitWorkspace: AgentWorkspace {
    /// The repository (or worktree) path.
    package var repositoryPath: String
    /// The revision the roles read (the run branch's head).
    package var revision: String
    /// The revision the run started from, for `git_diff`.
    package var base: String
    /// Which paths may be read or patched.
    package var policy: EditPolicy
    /// The largest file returned whole.
    package var maxFileBytes: Int

    /// Creates a workspace.
    package init(repositoryPath: String, revision: String, base: String, policy: EditPolicy = EditPolicy(), maxFileBytes: Int = 200_000) {
        self.repositoryPath = repositoryPath
        self.revision = revision
        self.base = base
        self.policy = policy
        self.maxFileBytes = maxFileBytes
    }

    /// The text of `path` at ``revision``; paths inside `.git/` or outside the repository are refused.
    package func readFile(_ path: String) async throws -> String {
        if let why = PatchPolicy().violation(for: path) { throw ToolFailure("cannot read: \(why)") }
        let repository = try Repository.open(at: repositoryPath)
        let data = try repository.readFile(path, at: revision)
        if data.count > maxFileBytes {
            return String(decoding: data.prefix(maxFileBytes), as: UTF8.self) + "\n[truncated: the file has \(data.count) bytes; use rag_snippet for a part]"
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The diff from ``base`` to ``revision``.
    package func diff() async throws -> String {
        try Repository.open(at: repositoryPath).diff(from: base, to: revision).patch
    }

    /// Applies `patch` (its hunk counts recomputed, as the commit will) to ``revision``'s tree in
    /// memory, under ``policy``.
    package func checkPatch(_ patch: String) async throws -> [String] {
        let repository = try Repository.open(at: repositoryPath)
        let commit = try repository.resolve(revision)
        return try repository.applyPatch(UnifiedDiff.recounted(patch), toTreeOf: commit, policy: policy.patchPolicy).paths
    }
}
