// Where a work tree's hooks live, as the git executable resolves it (`core.hooksPath` included).
import Foundation

/// A work tree's top level, its common git directory and its effective hooks directory, all
/// absolute.
package struct HooksLocation: Sendable, Equatable {
    /// The work tree's top level.
    package var topLevel: String
    /// The git directory shared by all worktrees.
    package var commonDirectory: String
    /// The directory git runs hooks from (`git rev-parse --git-path hooks`).
    package var hooksDirectory: String

    /// Finds the work tree containing `directory` and its hooks directory.
    ///
    /// - Throws: ``GitError/Code/notARepository`` when `directory` is not inside a work tree;
    ///   ``GitError/Code/command`` when git cannot run or cannot name the hooks directory.
    package static func locate(from directory: String, environment: [String: String] = [:]) throws(GitError) -> HooksLocation {
        let top = try GitCommand(directory: directory, environment: environment).run(["rev-parse", "--show-toplevel"])
        let topLevel = top.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard top.status == 0, !topLevel.isEmpty else {
            throw GitError(.notARepository, "'\(directory)' is not inside a git work tree")
        }
        // Relative answers are relative to where git ran; hooks run from the top level too.
        let paths = try GitCommand(directory: topLevel, environment: environment).run(["rev-parse", "--git-common-dir", "--git-path", "hooks"])
        let lines = paths.stdout.split(separator: "\n").map(String.init)
        guard paths.status == 0, lines.count == 2 else {
            throw GitError(.command, "cannot find the hooks directory of '\(topLevel)': \(paths.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return HooksLocation(topLevel: topLevel, commonDirectory: absolute(lines[0], from: topLevel),
                             hooksDirectory: absolute(lines[1], from: topLevel))
    }

    /// `path` made absolute against `base` and standardized.
    package static func absolute(_ path: String, from base: String) -> String {
        let joined = path.hasPrefix("/") ? path : base + "/" + path
        return (joined as NSString).standardizingPath
    }
}
