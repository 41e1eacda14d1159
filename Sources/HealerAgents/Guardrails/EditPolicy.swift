// Which paths edits may touch and how large they may be.
import HealerGit
import HealerSystem

/// Rules for proposed edits: paths (through HealerGit's ``PatchPolicy``) and size bounds.
///
/// Never `.git/`, never outside the repository; CI configuration, hooks and `.healer.yml`
/// only when ``allowCIConfig`` is set.
package struct EditPolicy: Sendable, Equatable {
    /// CI configuration and hook paths, protected unless ``allowCIConfig`` is set.
    package static let ciPaths = [".github", ".gitlab-ci.yml", ".gitlab", ".circleci", ".travis.yml", ".buildkite", "azure-pipelines.yml",
                                 "Jenkinsfile", "bitbucket-pipelines.yml", "hooks", ".githooks", ".husky", ".healer.yml"]

    /// Whether edits may touch CI configuration and hooks.
    package var allowCIConfig: Bool
    /// More protected path prefixes (from `.healer.yml`).
    package var protectedPaths: [String]
    /// The largest edit set, in bytes.
    package var maxBytes: Int
    /// The most files one edit set may touch.
    package var maxFiles: Int

    /// Creates a policy.
    package init(allowCIConfig: Bool = false, protectedPaths: [String] = [], maxBytes: Int = 512_000, maxFiles: Int = 40) {
        self.allowCIConfig = allowCIConfig
        self.protectedPaths = protectedPaths
        self.maxBytes = maxBytes
        self.maxFiles = maxFiles
    }

    /// The path policy handed to `Repository.applyPatch`.
    package var patchPolicy: PatchPolicy {
        PatchPolicy(protectedPrefixes: (allowCIConfig ? [] : Self.ciPaths) + protectedPaths)
    }

    /// Why `edits` may not be applied, or `nil` when they may.
    package func violation(for edits: EditSet) -> AgentError? {
        if edits.isEmpty { return AgentError(.editRejected, "the edit set is empty: give a patch, file writes or deletions") }
        if edits.byteCount > maxBytes {
            return AgentError(.editRejected, "the edits are \(edits.byteCount) bytes, over the \(maxBytes)-byte limit; split the task or raise the limit")
        }
        let paths = edits.paths
        if paths.count > maxFiles {
            return AgentError(.editRejected, "the edits touch \(paths.count) files, over the limit of \(maxFiles); split the task")
        }
        if let patch = edits.patch, paths.isEmpty || UnifiedDiff(parsing: patch).paths.isEmpty {
            return AgentError(.editRejected, "the patch names no file; give a unified diff with ---/+++ headers")
        }
        let policy = patchPolicy
        for path in paths {
            if let why = policy.violation(for: path) { return AgentError(.editRejected, "edit refused: \(why)") }
        }
        return nil
    }
}
