// Applying unified patches to a work tree or to a commit's tree, with path guards.
import CLibGit2
import Foundation
import HealerSystem

extension Repository {
    /// Applies a unified patch to the work tree and the index of this repository (or worktree).
    ///
    /// The patch is checked against `policy` first; nothing is written when any file is refused
    /// or any hunk does not apply.
    ///
    /// - Returns: the paths the patch touches.
    /// - Throws: ``GitError/Code/invalidPatch`` for a malformed patch or a refused path;
    ///   ``GitError/Code/patchDoesNotApply`` naming the first file whose hunks do not apply.
    @discardableResult
    package func applyPatch(_ patch: String, policy: PatchPolicy = PatchPolicy()) throws(GitError) -> [String] {
        guard workDirectory != nil else { throw GitError(.invalidPatch, "cannot apply a patch in a bare repository") }
        return try withParsedPatch(patch, policy: policy) { diff, paths throws(GitError) in
            let result = git_apply(handle, diff, GIT_APPLY_LOCATION_BOTH, nil)
            if result < 0 { throw failedApply(diff, result: result, location: GIT_APPLY_LOCATION_BOTH, tree: nil) }
            return paths
        }
    }

    /// Applies a unified patch to the tree of `base` in memory and writes the resulting tree.
    ///
    /// No work tree is touched, so this works in a bare repository and never disturbs a checkout.
    /// - Returns: the new tree's id and the touched paths.
    package func applyPatch(_ patch: String, toTreeOf base: ObjectID, policy: PatchPolicy = PatchPolicy()) throws(GitError) -> (tree: ObjectID, paths: [String]) {
        try withParsedPatch(patch, policy: policy) { diff, paths throws(GitError) in
            try withTree(ofCommit: base) { tree throws(GitError) in
                var index: OpaquePointer?
                let result = git_apply_to_tree(&index, handle, tree, diff, nil)
                if result < 0 { throw failedApply(diff, result: result, location: nil, tree: tree) }
                defer { git_index_free(index) }
                var oid = git_oid()
                try check(git_index_write_tree_to(&oid, index, handle), "cannot write the patched tree")
                return (ObjectID(oid), paths)
            }
        }
    }

    private func withParsedPatch<T>(_ patch: String, policy: PatchPolicy, _ body: (OpaquePointer, [String]) throws(GitError) -> T) throws(GitError) -> T {
        guard !patch.isEmpty else { throw GitError(.invalidPatch, "the patch is empty") }
        let patch = Self.withGitHeaders(patch)
        var diff: OpaquePointer?
        let result = patch.withCString { git_diff_from_buffer(&diff, $0, strlen($0)) }
        guard result == 0, let diff else {
            throw GitError.libgit2(result, "the patch is not a valid unified diff").with(code: .invalidPatch)
        }
        defer { git_diff_free(diff) }
        let count = git_diff_num_deltas(diff)
        if count == 0 { throw GitError(.invalidPatch, "the patch names no file (is it a unified diff with ---/+++ headers?)") }
        var paths: [String] = []
        for index in 0..<count {
            guard let delta = git_diff_get_delta(diff, index) else { continue }
            for file in [delta.pointee.old_file, delta.pointee.new_file] {
                guard let raw = file.path else { continue }
                let path = String(cString: raw)
                if let why = policy.violation(for: path) { throw GitError(.invalidPatch, "patch refused: \(why)") }
                if !policy.allowsSymlinks, file.mode == GIT_FILEMODE_LINK.rawValue {
                    throw GitError(.invalidPatch, "patch refused: '\(path)' is a symbolic link, which could point outside the repository")
                }
                if !paths.contains(path) { paths.append(path) }
            }
        }
        return try body(diff, paths)
    }

    /// Names the first file whose hunks fail, by checking each delta on its own.
    private func failedApply(_ diff: OpaquePointer, result: Int32, location: git_apply_location_t?, tree: OpaquePointer?) -> GitError {
        let error = GitError.libgit2(result, "the patch does not apply")
        final class Target { var index: Int = 0; var seen: Int = 0 }
        for index in 0..<git_diff_num_deltas(diff) {
            let target = Target()
            target.index = index
            var options = git_apply_options()
            git_apply_options_init(&options, UInt32(GIT_APPLY_OPTIONS_VERSION))
            options.flags = GIT_APPLY_CHECK.rawValue
            options.payload = Unmanaged.passUnretained(target).toOpaque()
            options.delta_cb = { _, payload in
                guard let payload else { return 0 }
                let target = Unmanaged<Target>.fromOpaque(payload).takeUnretainedValue()
                defer { target.seen += 1 }
                return target.seen == target.index ? 0 : 1  // > 0 skips the delta
            }
            var single: Int32
            if let location {
                single = git_apply(handle, diff, location, &options)
            } else {
                var index: OpaquePointer?
                single = git_apply_to_tree(&index, handle, tree, diff, &options)
                git_index_free(index)
            }
            if single < 0, let delta = git_diff_get_delta(diff, index) {
                let path = delta.pointee.new_file.path.map { String(cString: $0) } ?? "?"
                let detail: String? = git_error_last().flatMap { $0.pointee.message.map { String(cString: $0) } }
                return GitError(.patchDoesNotApply, "the patch does not apply to '\(path)'\(detail.map { ": \($0)" } ?? ""); regenerate it against the current file", libgit2Code: single, libgit2Message: detail)
            }
        }
        return error.with(code: .patchDoesNotApply)
    }
}

extension Repository {
    /// Adds the `diff --git` header libgit2 requires to file sections that have only `---`/`+++`
    /// lines (as `diff -u` and many models write them), and a final newline.
    static func withGitHeaders(_ patch: String) -> String {
        var lines = patch.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var index = 0
        var sawHeader = false
        while index < lines.count {
            let line = lines[index]
            if line.hasPrefix("diff --git ") { sawHeader = true }
            if line.hasPrefix("@@") { sawHeader = false }
            if line.hasPrefix("--- "), index + 1 < lines.count, lines[index + 1].hasPrefix("+++ "), !sawHeader {
                let old = UnifiedDiff.headerPath(line.dropFirst(4)), new = UnifiedDiff.headerPath(lines[index + 1].dropFirst(4))
                guard let name = new ?? old else { index += 1; continue }
                var header = ["diff --git a/\(old ?? name) b/\(new ?? name)"]
                if old == nil { header.append("new file mode 100644") }
                if new == nil { header.append("deleted file mode 100644") }
                lines.insert(contentsOf: header, at: index)
                index += header.count + 2
                continue
            }
            index += 1
        }
        var result = lines.joined(separator: "\n")
        if !result.hasSuffix("\n") { result += "\n" }
        return result
    }
}

extension GitError {
    func with(code: Code) -> GitError {
        var copy = self
        copy.code = code
        return copy
    }
}
