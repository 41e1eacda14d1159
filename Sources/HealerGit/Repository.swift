// An open git repository, backed by libgit2.
import CLibGit2
import Foundation

private let libgit2Initialized: Bool = {
    git_libgit2_init()
    return true
}()

/// An open git repository: the entry point for all local object work (read, diff, apply,
/// commit, references, notes). Remotes, configuration and work-tree state go through the git
/// executable (``GitConfig``, ``push(_:to:atomic:environment:)``), which honours credentials.
///
/// A `Repository` wraps a libgit2 handle and is not safe to share between threads; open one
/// per task.
///
/// ```swift
/// let repo = try Repository.discover(at: ".")
/// let head = try repo.resolve("HEAD")
/// ```
package final class Repository {
    let handle: OpaquePointer

    init(handle: OpaquePointer) { self.handle = handle }

    deinit { git_repository_free(handle) }

    /// Opens the repository that contains `path` (searching parent directories, as git does).
    ///
    /// - Throws: ``GitError/Code/notARepository`` when no repository contains `path`.
    package static func discover(at path: String) throws(GitError) -> Repository {
        _ = libgit2Initialized
        var handle: OpaquePointer?
        let result = git_repository_open_ext(&handle, path, 0, nil)
        guard result == 0, let handle else {
            if result == GIT_ENOTFOUND.rawValue {
                throw GitError(.notARepository, "'\(path)' is not inside a git repository; run healer from a clone (or `git init` one)")
            }
            throw GitError.libgit2(result, "cannot open the git repository at '\(path)'")
        }
        return Repository(handle: handle)
    }

    /// Opens exactly the repository at `path` (no search upwards).
    package static func open(at path: String) throws(GitError) -> Repository {
        _ = libgit2Initialized
        var handle: OpaquePointer?
        let result = git_repository_open_ext(&handle, path, UInt32(GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue), nil)
        guard result == 0, let handle else {
            if result == GIT_ENOTFOUND.rawValue {
                throw GitError(.notARepository, "'\(path)' is not a git repository")
            }
            throw GitError.libgit2(result, "cannot open the git repository at '\(path)'")
        }
        return Repository(handle: handle)
    }

    /// The work tree's root without a trailing slash, or `nil` for a bare repository.
    package var workDirectory: String? {
        guard let path = git_repository_workdir(handle) else { return nil }
        return Self.trimmed(String(cString: path))
    }

    /// The repository's git directory (for a linked worktree, its own one).
    package var gitDirectory: String { Self.trimmed(String(cString: git_repository_path(handle))) }

    /// The directory shared by all worktrees (where objects and references live).
    package var commonDirectory: String { Self.trimmed(String(cString: git_repository_commondir(handle))) }

    /// Whether the repository has no work tree.
    package var isBare: Bool { git_repository_is_bare(handle) == 1 }

    /// healer's private directory inside the common git directory (`.git/healer`), created on demand.
    package func healerDirectory() throws(GitError) -> String {
        let path = commonDirectory + "/healer"
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw GitError(.libgit2, "cannot create '\(path)': \(error.localizedDescription); check the permissions of the .git directory")
        }
        return path
    }

    /// The signature used for commits healer makes: the repository's `user.name` and
    /// `user.email` when they are set, otherwise `healer <healer@localhost>`.
    func signature() throws(GitError) -> UnsafeMutablePointer<git_signature> {
        var signature: UnsafeMutablePointer<git_signature>?
        if git_signature_default(&signature, handle) == 0, let signature { return signature }
        try check(git_signature_now(&signature, "healer", "healer@localhost"), "cannot create a commit signature")
        guard let signature else { throw GitError(.libgit2, "cannot create a commit signature") }
        return signature
    }

    static func trimmed(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }
}

/// The version of the linked libgit2.
package func libgit2Version(_ major: inout Int32, _ minor: inout Int32, _ patch: inout Int32) {
    git_libgit2_version(&major, &minor, &patch)
}
