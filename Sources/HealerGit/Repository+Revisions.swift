// Resolving revisions and reading commits.
import CLibGit2

/// A commit as healer needs it: ids, parents, message, author and time.
package struct CommitInfo: Sendable, Equatable {
    /// The commit's id.
    package var id: ObjectID
    /// The id of its root tree.
    package var tree: ObjectID
    /// The ids of its parents, first parent first.
    package var parents: [ObjectID]
    /// The full message.
    package var message: String
    /// The author's name.
    package var authorName: String
    /// The author's e-mail address.
    package var authorEmail: String
    /// The commit time, in seconds since 1970.
    package var time: Int64

    /// The first line of the message.
    package var summary: String { String(message.prefix { $0 != "\n" }) }
}

extension Repository {
    /// Resolves a revision (`HEAD`, a branch, a tag, `main~3`, an id or a prefix) to a commit id.
    ///
    /// - Throws: ``GitError/Code/notFound`` when the revision names no commit.
    package func resolve(_ revision: String) throws(GitError) -> ObjectID {
        var object: OpaquePointer?
        let result = git_revparse_single(&object, handle, revision)
        guard result == 0, let object else {
            if revision == "HEAD", git_repository_head_unborn(handle) == 1 {
                throw GitError(.notFound, "this repository has no commits yet (HEAD is unborn); commit something first, then run healer again", libgit2Code: result)
            }
            if result == GIT_ENOTFOUND.rawValue || result == GIT_EAMBIGUOUS.rawValue || result == GIT_EINVALIDSPEC.rawValue {
                throw GitError(.notFound, "revision '\(revision)' names no commit in this repository; check the name with `git rev-parse \(revision)`", libgit2Code: result)
            }
            throw GitError.libgit2(result, "cannot resolve revision '\(revision)'")
        }
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        try check(git_object_peel(&commit, object, GIT_OBJECT_COMMIT), "revision '\(revision)' is not a commit")
        defer { git_object_free(commit) }
        return ObjectID(git_object_id(commit))
    }

    /// The short name of the checked-out branch (`main`), or `nil` when HEAD is detached or unborn.
    package func currentBranch() -> String? {
        var ref: OpaquePointer?
        guard git_repository_head(&ref, handle) == 0, let ref else { return nil }
        defer { git_reference_free(ref) }
        guard git_reference_is_branch(ref) == 1, let name = git_reference_shorthand(ref) else { return nil }
        return String(cString: name)
    }

    /// Reads a commit.
    package func commit(_ id: ObjectID) throws(GitError) -> CommitInfo {
        try withCommit(id) { commit in
            var parents: [ObjectID] = []
            for index in 0..<git_commit_parentcount(commit) {
                if let parent = git_commit_parent_id(commit, index) { parents.append(ObjectID(parent)) }
            }
            let author = git_commit_author(commit)
            return CommitInfo(
                id: id,
                tree: ObjectID(git_commit_tree_id(commit)),
                parents: parents,
                message: git_commit_message(commit).map { String(cString: $0) } ?? "",
                authorName: author.flatMap { $0.pointee.name.map { String(cString: $0) } } ?? "",
                authorEmail: author.flatMap { $0.pointee.email.map { String(cString: $0) } } ?? "",
                time: git_commit_time(commit)
            )
        }
    }

    /// The best common ancestor of two commits, or `nil` when they share no history.
    package func mergeBase(_ a: ObjectID, _ b: ObjectID) throws(GitError) -> ObjectID? {
        var out = git_oid()
        var left = a.oid, right = b.oid
        let result = git_merge_base(&out, handle, &left, &right)
        if result == GIT_ENOTFOUND.rawValue { return nil }
        try check(result, "cannot compute the merge base of \(a.short) and \(b.short)")
        return ObjectID(out)
    }

    /// Whether `ancestor` is reachable from `descendant` (a commit counts as its own ancestor).
    package func isAncestor(_ ancestor: ObjectID, of descendant: ObjectID) throws(GitError) -> Bool {
        if ancestor == descendant { return true }
        var child = descendant.oid, parent = ancestor.oid
        let result = git_graph_descendant_of(handle, &child, &parent)
        try check(result, "cannot compare the history of \(ancestor.short) and \(descendant.short)")
        return result == 1
    }

    /// Commits reachable from `head` but not from `base`, oldest first, along first parents
    /// and merges alike (`git rev-list --reverse base..head`).
    package func commits(from base: ObjectID?, to head: ObjectID, firstParentOnly: Bool = false) throws(GitError) -> [ObjectID] {
        var walk: OpaquePointer?
        try check(git_revwalk_new(&walk, handle), "cannot walk history")
        defer { git_revwalk_free(walk) }
        git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_REVERSE.rawValue)
        if firstParentOnly { git_revwalk_simplify_first_parent(walk) }
        var headOID = head.oid
        try check(git_revwalk_push(walk, &headOID), "cannot walk history from \(head.short)")
        if let base {
            var baseOID = base.oid
            try check(git_revwalk_hide(walk, &baseOID), "cannot walk history from \(base.short)")
        }
        var result: [ObjectID] = []
        var oid = git_oid()
        while git_revwalk_next(&oid, walk) == 0 { result.append(ObjectID(oid)) }
        return result
    }

    func withCommit<T>(_ id: ObjectID, _ body: (OpaquePointer) throws(GitError) -> T) throws(GitError) -> T {
        var commit: OpaquePointer?
        var oid = id.oid
        let result = git_commit_lookup(&commit, handle, &oid)
        guard result == 0, let commit else {
            if result == GIT_ENOTFOUND.rawValue {
                throw GitError(.notFound, "commit \(id.short) is not in this repository; fetch it first (`git fetch`)", libgit2Code: result)
            }
            throw GitError.libgit2(result, "cannot read commit \(id.short)")
        }
        defer { git_commit_free(commit) }
        return try body(commit)
    }
}
