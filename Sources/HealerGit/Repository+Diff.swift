// Diffs between two revisions: unified text and per-file statistics.
import CLibGit2

/// How one file changed between two revisions.
package struct FileChange: Sendable, Equatable {
    /// How a file changed.
    package enum Status: String, Sendable, Codable {
        case added, deleted, modified, renamed, copied, typeChanged = "type-changed", other
    }
    /// The path before the change (equal to ``path`` unless renamed or copied).
    package var oldPath: String
    /// The path after the change.
    package var path: String
    /// What happened to the file.
    package var status: Status
    /// Lines added.
    package var additions: Int
    /// Lines deleted.
    package var deletions: Int
    /// Whether git treats the file as binary.
    package var isBinary: Bool
}

/// The difference between two revisions.
package struct Diff: Sendable, Equatable {
    /// The unified diff (`git diff` format), ready for `git apply` or a model prompt.
    package var patch: String
    /// Per-file statistics, in path order.
    package var files: [FileChange]

    /// Lines added over all files.
    package var additions: Int { files.reduce(0) { $0 + $1.additions } }
    /// Lines deleted over all files.
    package var deletions: Int { files.reduce(0) { $0 + $1.deletions } }
}

extension Repository {
    /// The diff from `old` to `new` (each a revision), with rename detection.
    package func diff(from old: String, to new: String) throws(GitError) -> Diff {
        let oldID = try resolve(old)
        let newID = try resolve(new)
        return try withTree(ofCommit: oldID) { oldTree throws(GitError) in
            try withTree(ofCommit: newID) { newTree throws(GitError) in
                var diff: OpaquePointer?
                try check(git_diff_tree_to_tree(&diff, handle, oldTree, newTree, nil), "cannot diff \(old) and \(new)")
                defer { git_diff_free(diff) }
                var findOptions = git_diff_find_options()
                git_diff_find_options_init(&findOptions, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION))
                findOptions.flags = GIT_DIFF_FIND_RENAMES.rawValue
                try check(git_diff_find_similar(diff, &findOptions), "cannot detect renames between \(old) and \(new)")
                return try Self.describe(diff, what: "\(old)..\(new)")
            }
        }
    }

    static func describe(_ diff: OpaquePointer?, what: String) throws(GitError) -> Diff {
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        try check(git_diff_to_buf(&buffer, diff, GIT_DIFF_FORMAT_PATCH), "cannot format the diff \(what)")
        let patch = buffer.ptr.map { String(cString: $0) } ?? ""
        var files: [FileChange] = []
        for index in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, index) else { continue }
            var patchHandle: OpaquePointer?
            var additions = 0, deletions = 0
            if git_patch_from_diff(&patchHandle, diff, index) == 0, let patchHandle {
                var context = 0
                git_patch_line_stats(&context, &additions, &deletions, patchHandle)
                git_patch_free(patchHandle)
            }
            let status: FileChange.Status
            switch delta.pointee.status {
            case GIT_DELTA_ADDED: status = .added
            case GIT_DELTA_DELETED: status = .deleted
            case GIT_DELTA_MODIFIED: status = .modified
            case GIT_DELTA_RENAMED: status = .renamed
            case GIT_DELTA_COPIED: status = .copied
            case GIT_DELTA_TYPECHANGE: status = .typeChanged
            default: status = .other
            }
            files.append(FileChange(
                oldPath: delta.pointee.old_file.path.map { String(cString: $0) } ?? "",
                path: delta.pointee.new_file.path.map { String(cString: $0) } ?? "",
                status: status,
                additions: additions,
                deletions: deletions,
                isBinary: (delta.pointee.flags & GIT_DIFF_FLAG_BINARY.rawValue) != 0
            ))
        }
        return Diff(patch: patch, files: files)
    }
}
