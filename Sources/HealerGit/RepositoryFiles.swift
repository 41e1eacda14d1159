// Where a repository's git directory is and which commit HEAD names, read from files without libgit2.
import Foundation

/// A repository located by reading the files git keeps (`.git`, `gitdir:` files, `commondir`,
/// `HEAD`, loose and packed references), without initialising libgit2: a one-shot command that
/// only needs HEAD's commit id (is the index current?) starts faster.
///
/// It answers only the common layouts and says `nil` whenever it is unsure (an environment
/// variable that changes discovery, a bare repository, a reference table, a symbolic reference
/// outside `refs/heads/`, a directory owned by another user); open a ``Repository`` then.
///
/// ```swift
/// if let files = RepositoryFiles.locate(from: "."), let head = files.headCommit() { print(head.short) }
/// ```
package struct RepositoryFiles: Sendable {
    /// The git directory (for a linked worktree, its own one), without a trailing slash.
    package let gitDirectory: String
    /// The directory shared by all worktrees, without a trailing slash.
    package let commonDirectory: String
    /// The work tree's root (the directory holding `.git`), without a trailing slash.
    package let workTree: String

    /// Environment variables under which git or libgit2 may find another repository than the
    /// `.git` found by walking up.
    static let discoveryVariables = ["GIT_DIR", "GIT_COMMON_DIR", "GIT_WORK_TREE", "GIT_CEILING_DIRECTORIES", "GIT_NAMESPACE",
                                     "GIT_DISCOVERY_ACROSS_FILESYSTEM", "GIT_OBJECT_DIRECTORY"]

    /// The repository whose work tree contains `directory`, or `nil` when the files do not
    /// answer plainly (see the type's description).
    package static func locate(from directory: String) -> RepositoryFiles? {
        let environment = ProcessInfo.processInfo.environment
        guard !discoveryVariables.contains(where: { environment[$0] != nil }) else { return nil }
        let start = directory.hasPrefix("/") ? directory : FileManager.default.currentDirectoryPath + "/" + directory
        var current = URL(fileURLWithPath: start).standardized.path
        while true {
            // A directory that is itself a git directory (a bare repository, or inside `.git`).
            if isFile(current + "/HEAD"), isDirectory(current + "/objects") { return nil }
            let dotGit = current + "/.git"
            if isDirectory(dotGit) { return make(gitDirectory: dotGit, workTree: current) }
            if isFile(dotGit) {
                guard let line = firstLine(dotGit), line.hasPrefix("gitdir: ") else { return nil }
                let target = String(line.dropFirst("gitdir: ".count))
                return make(gitDirectory: absolute(target, relativeTo: current), workTree: current)
            }
            if current == "/" || current.isEmpty { return nil }
            current = (current as NSString).deletingLastPathComponent
        }
    }

    private static func make(gitDirectory: String, workTree: String) -> RepositoryFiles? {
        let git = trimmed(gitDirectory)
        guard isFile(git + "/HEAD"), ownedByUs(git) else { return nil }
        var common = git
        if let line = firstLine(git + "/commondir") { common = trimmed(absolute(line, relativeTo: git)) }
        // The reference table keeps references in another format: only libgit2 reads it.
        guard isDirectory(common + "/objects"), !FileManager.default.fileExists(atPath: common + "/reftable") else { return nil }
        return RepositoryFiles(gitDirectory: git, commonDirectory: common, workTree: trimmed(workTree))
    }

    /// The bytes of blob `id` when the regular file at `path` in the work tree holds exactly
    /// them (its git blob id is `id`), else `nil`: a clean checkout answers without libgit2.
    package func blob(_ id: ObjectID, at path: String) -> [UInt8]? {
        let file = workTree + "/" + path
        var status = stat()
        guard !path.hasPrefix("/"), !path.split(separator: "/").contains(".."), lstat(file, &status) == 0,
              status.st_mode & S_IFMT == S_IFREG, let data = FileManager.default.contents(atPath: file) else { return nil }
        let bytes = [UInt8](data)
        return BlobHash.id(of: bytes) == id ? bytes : nil
    }

    /// The commit HEAD names now, or `nil` when it cannot be read plainly (an unborn branch,
    /// a symbolic reference outside `refs/heads/`, a reference that is not a 40-digit id).
    package func headCommit() -> ObjectID? {
        guard let head = Self.firstLine(gitDirectory + "/HEAD") else { return nil }
        guard head.hasPrefix("ref: ") else { return ObjectID(hex: head) }
        let name = String(head.dropFirst("ref: ".count))
        guard name.hasPrefix("refs/heads/"), !name.contains("..") else { return nil }
        if let loose = Self.firstLine(commonDirectory + "/" + name) { return ObjectID(hex: loose) }
        guard !FileManager.default.fileExists(atPath: commonDirectory + "/" + name),
              let packed = FileManager.default.contents(atPath: commonDirectory + "/packed-refs") else { return nil }
        let suffix = Array((" " + name).utf8)
        for line in packed.split(separator: 0x0a) where line.count == 40 + suffix.count && line.suffix(suffix.count).elementsEqual(suffix) {
            return ObjectID(hex: String(decoding: line.prefix(40), as: UTF8.self))
        }
        return nil
    }

    private static func firstLine(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let line = data.prefix { $0 != 0x0a && $0 != 0x0d }
        return String(decoding: line, as: UTF8.self)
    }

    private static func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// libgit2 refuses a repository owned by another user (unless `safe.directory` says
    /// otherwise): leave that decision to it.
    private static func ownedByUs(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_uid == geteuid()
    }

    private static func absolute(_ path: String, relativeTo directory: String) -> String {
        URL(fileURLWithPath: path.hasPrefix("/") ? path : directory + "/" + path).standardized.path
    }

    private static func trimmed(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }
}
