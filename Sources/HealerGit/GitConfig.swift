// A repository's configuration as the git executable reads and writes it (includes, global and system files).
import Foundation

/// The configuration git sees from a directory: the repository's `.git/config` with its includes,
/// and the global and system files.
///
/// It goes through the git executable, not libgit2, so that values read and written are exactly
/// what `git config` shows (conditional includes, `--show-origin`, `--fixed-value`).
///
/// ```swift
/// let config = repository.config()
/// let name = try config.value("user.name")
/// ```
package struct GitConfig: Sendable {
    let command: GitCommand

    /// The configuration seen from `directory`, with extra environment variables for git.
    package init(directory: String, environment: [String: String] = [:]) {
        command = GitCommand(directory: directory, environment: environment)
    }

    /// The value of `key` (`git config --get`), or `nil` when it is not set.
    ///
    /// - Throws: ``GitError/Code/command`` only when git cannot run.
    package func value(_ key: String) throws(GitError) -> String? {
        let output = try command.run(["config", "--get", key])
        guard output.status == 0 else { return nil }
        return output.stdout.trimmingCharacters(in: .newlines)
    }

    /// Every value of a multi-valued `key` (`git config --get-all`), in order; empty when unset.
    ///
    /// - Throws: ``GitError/Code/command`` only when git cannot run.
    package func values(_ key: String) throws(GitError) -> [String] {
        try command.run(["config", "--get-all", key]).stdout.split(separator: "\n").map(String.init)
    }

    /// The value of `key` and the file that sets it (`git config --show-origin --get`; the
    /// `file:` prefix removed), or `nil` when it is not set.
    ///
    /// - Throws: ``GitError/Code/command`` only when git cannot run.
    package func valueWithOrigin(_ key: String) throws(GitError) -> (value: String, origin: String)? {
        let output = try command.run(["config", "--show-origin", "--get", key])
        // `file:/path<TAB>value`
        let fields = output.stdout.trimmingCharacters(in: .newlines).split(separator: "\t", maxSplits: 1).map(String.init)
        guard output.status == 0, fields.count == 2 else { return nil }
        return (fields[1], fields[0].hasPrefix("file:") ? String(fields[0].dropFirst(5)) : fields[0])
    }

    /// The entries whose key matches the regular expression `pattern` (`git config --get-regexp`),
    /// in order; empty when none does.
    ///
    /// - Throws: ``GitError/Code/command`` only when git cannot run.
    package func entries(matching pattern: String) throws(GitError) -> [(key: String, value: String)] {
        let output = try command.run(["config", "--get-regexp", pattern])
        guard output.status == 0 else { return [] }
        return output.stdout.split(separator: "\n").map { line in
            let fields = line.split(separator: " ", maxSplits: 1).map(String.init)
            return (fields[0], fields.count == 2 ? fields[1] : "")
        }
    }

    /// Adds `value` to the multi-valued `key` (`git config --add`).
    ///
    /// - Throws: ``GitError/Code/command`` when git cannot run or refuses (an unwritable config file).
    package func add(_ key: String, _ value: String) throws(GitError) {
        let output = try command.run(["config", "--add", key, value])
        guard output.status == 0 else {
            throw GitError(.command, "cannot add '\(value)' to \(key): \(output.stderr.trimmingCharacters(in: .whitespacesAndNewlines)); check that .git/config is writable")
        }
    }

    /// What ``remove(_:_:)`` did.
    package enum Removal: Sendable, Equatable {
        /// The value was removed.
        case removed
        /// The value was not there (any more).
        case absent
        /// git refused, with its message.
        case refused(String)
    }

    /// Removes every `key` whose value is exactly `value` (`git config --fixed-value --unset-all`).
    ///
    /// - Throws: ``GitError/Code/command`` only when git cannot run.
    package func remove(_ key: String, _ value: String) throws(GitError) -> Removal {
        let output = try command.run(["config", "--fixed-value", "--unset-all", key, value])
        switch output.status {
        case 0: return .removed
        case 5: return .absent
        default: return .refused(output.stderr.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}

extension Repository {
    /// The directory git commands for this repository run in: the work tree, else the git directory.
    var commandDirectory: String { workDirectory ?? gitDirectory }

    /// This repository's configuration as the git executable sees it.
    package func config(environment: [String: String] = [:]) -> GitConfig {
        GitConfig(directory: commandDirectory, environment: environment)
    }
}

/// The git executable's version line (`git version 2.47.0`), or `nil` when git cannot run.
package func gitExecutableVersion() -> String? {
    guard let output = try? GitCommand(directory: "/").run(["--version"]), output.status == 0 else { return nil }
    return output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
}
