// Real git repositories and bare remotes in temporary directories, driven by the git CLI.
import Foundation

/// A git repository made for a test: a work tree with an identity, or a bare remote.
package struct GitFixture: Sendable {
    /// The work tree (or the bare repository's directory).
    package let path: String

    /// Opens a fixture over an existing directory.
    package init(path: String) { self.path = path }

    /// Makes a repository with one commit on `main` under `directory`/`name`.
    package static func make(in directory: TemporaryDirectory, name: String = "repo", files: [String: String] = ["README.md": "# fixture\n"]) -> GitFixture {
        let fixture = GitFixture(path: directory.appending(name))
        try? FileManager.default.createDirectory(atPath: fixture.path, withIntermediateDirectories: true)
        fixture.git("init", "-q", "-b", "main")
        fixture.configureIdentity()
        fixture.commit(files: files, message: "initial commit")
        return fixture
    }

    /// Makes an empty bare repository under `directory`/`name`.
    package static func bare(in directory: TemporaryDirectory, name: String = "remote.git") -> GitFixture {
        let fixture = GitFixture(path: directory.appending(name))
        try? FileManager.default.createDirectory(atPath: fixture.path, withIntermediateDirectories: true)
        fixture.git("init", "-q", "--bare", "-b", "main")
        return fixture
    }

    /// Clones `remote` into `directory`/`name`.
    package static func clone(_ remote: GitFixture, in directory: TemporaryDirectory, name: String) -> GitFixture {
        _ = runProcess("git", ["clone", "-q", remote.path, directory.appending(name)], in: directory.path)
        let fixture = GitFixture(path: directory.appending(name))
        fixture.configureIdentity()
        return fixture
    }

    /// Sets a local identity so commits work on machines without a global one.
    package func configureIdentity() {
        git("config", "user.name", "Test Author")
        git("config", "user.email", "test@example.com")
        git("config", "commit.gpgsign", "false")
    }

    /// Runs git in the fixture and returns what it printed; a failure is recorded in stderr.
    @discardableResult
    package func git(_ arguments: String...) -> ProcessOutput { git(arguments) }

    /// Runs git with an argument array.
    @discardableResult
    package func git(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil) -> ProcessOutput {
        runProcess("git", arguments, in: path, environment: environment, stdin: stdin)
    }

    /// Writes files (creating folders) and commits them; returns the new commit id.
    @discardableResult
    package func commit(files: [String: String], message: String, remove: [String] = []) -> String {
        for (relative, content) in files {
            let file = path + "/" + relative
            try? FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: file, contents: Data(content.utf8))
        }
        for relative in remove { try? FileManager.default.removeItem(atPath: path + "/" + relative) }
        git("add", "-A")
        git("commit", "-q", "--allow-empty", "-m", message)
        return head()
    }

    /// The id of `HEAD` (or another revision).
    package func head(_ revision: String = "HEAD") -> String {
        git("rev-parse", revision).trimmed
    }

    /// The contents of a file in the work tree.
    package func read(_ relative: String) -> String? {
        FileManager.default.contents(atPath: path + "/" + relative).map { String(decoding: $0, as: UTF8.self) }
    }

    /// `git status --porcelain` (empty for a clean tree).
    package func status() -> String { git("status", "--porcelain").stdout }

    /// Every ref and its target, as `git for-each-ref` prints them.
    package func refs(_ pattern: String = "refs/") -> [String: String] {
        var result: [String: String] = [:]
        for line in git("for-each-ref", "--format=%(objectname) %(refname)", pattern).stdout.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            if parts.count == 2 { result[String(parts[1])] = String(parts[0]) }
        }
        return result
    }
}
