// The edits a Coding-Agent or Test-Builder proposes: a unified diff and/or whole-file writes.
import Foundation
import HealerSystem

/// A set of edits for one task, as the model proposed them; the pipeline applies and commits them.
///
/// Apply ``patch`` first (with `Repository.applyPatch`), then ``writes``, then ``deletions``.
package struct EditSet: Codable, Sendable, Equatable {
    /// One whole-file write.
    package struct FileWrite: Codable, Sendable, Equatable {
        /// The path, relative to the repository root.
        package var path: String
        /// The file's complete new content.
        package var content: String
        /// Creates a write.
        package init(path: String, content: String) {
            self.path = path
            self.content = content
        }
    }

    /// What the edits do, in a sentence (usable as a commit message).
    package var summary: String
    /// A unified diff (`git diff` format), if the model gave one, with its hunk counts
    /// recomputed (see `UnifiedDiff.recounted`).
    package var patch: String?
    /// Whole-file writes (new or replaced files).
    package var writes: [FileWrite]
    /// Paths to delete.
    package var deletions: [String]

    /// Creates an edit set.
    package init(summary: String, patch: String? = nil, writes: [FileWrite] = [], deletions: [String] = []) {
        self.summary = summary
        self.patch = patch.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : UnifiedDiff.recounted($0) }
        self.writes = writes
        self.deletions = deletions
    }

    /// Whether there is nothing to do.
    package var isEmpty: Bool { patch == nil && writes.isEmpty && deletions.isEmpty }

    /// Every path touched, in order of first mention (patch, then writes, then deletions).
    package var paths: [String] {
        var seen: [String] = []
        for path in (patch.map { UnifiedDiff(parsing: $0).paths } ?? []) + writes.map(\.path) + deletions where !seen.contains(path) {
            seen.append(path)
        }
        return seen
    }

    /// The size in bytes of everything the edits carry.
    package var byteCount: Int {
        (patch?.utf8.count ?? 0) + writes.reduce(0) { $0 + $1.path.utf8.count + $1.content.utf8.count } + deletions.reduce(0) { $0 + $1.utf8.count }
    }
}
