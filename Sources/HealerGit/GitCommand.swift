// The git executable, for what libgit2 does not do well: fetch and push.
import Foundation
import HealerSystem

/// Runs the `git` executable.
///
/// Fetch and push go through git itself, not libgit2: git honours `http.extraheader` (how CI
/// checkouts pass their token), credential helpers and SSH agents, and offers atomic pushes
/// with leases.
struct GitCommand: Sendable {
    /// The directory git runs in.
    package var directory: String
    /// Extra environment variables (for example a guard that stops hooks re-entering).
    package var environment: [String: String]

    /// Creates a runner for `directory`.
    package init(directory: String, environment: [String: String] = [:]) {
        self.directory = directory
        self.environment = environment
    }

    /// What a finished git command printed.
    package struct Output: Sendable {
        /// The exit status.
        package var status: Int32
        /// Standard output.
        package var stdout: String
        /// Standard error.
        package var stderr: String
    }

    /// Runs `git ARGS` and returns its output, whatever its exit status.
    ///
    /// - Throws: ``GitError/Code/command`` only when git cannot be started.
    package func run(_ arguments: [String]) throws(GitError) -> Output {
        var env = ProcessInfo.processInfo.environment
        env["GIT_TERMINAL_PROMPT"] = "0"
        env["LC_ALL"] = "C"
        for (key, value) in environment { env[key] = value }
        let request = ProcessRequest(
            .argv(["git"] + arguments), in: directory, environment: env, logLimitBytes: .max, separateErrors: true)
        let result: ProcessResult
        do { result = try ProcessRunner.run(request) } catch {
            throw GitError(.command, "cannot run git: \(error.message); install git and put it on PATH")
        }
        return Output(status: result.exitCode ?? result.signal ?? 1, stdout: result.logText, stderr: result.errorText)
    }

    /// Runs `git ARGS` and throws when it exits non-zero.
    @discardableResult
    package func checked(_ arguments: [String]) throws(GitError) -> Output {
        let output = try run(arguments)
        guard output.status == 0 else {
            let detail = Self.reason(output.stderr) ?? "exit status \(output.status)"
            throw GitError(.command, "`git \(arguments.prefix(2).joined(separator: " "))` failed: \(Self.redacted(detail))")
        }
        return output
    }

    /// The line of git's error output that says what went wrong: the first `fatal:` line, else
    /// the first `error:` line (without the prefix), else the last line; `nil` when it is empty.
    ///
    /// git explains after the cause (`fatal: '/x' does not appear to be a git repository`, then
    /// advice such as `and the repository exists.`), so the last line alone is often advice.
    package static func reason(_ stderr: String) -> String? {
        let lines = stderr.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for prefix in ["fatal: ", "error: "] {
            if let line = lines.first(where: { $0.hasPrefix(prefix) }) { return String(line.dropFirst(prefix.count)) }
        }
        return lines.last
    }

    /// Removes credentials embedded in URLs (`https://user:token@host`) from a message.
    package static func redacted(_ text: String) -> String {
        guard let regex = try? NSRegularExpression(pattern: "(://)[^/@\\s]+@") else { return text }
        return regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "$1***@")
    }
}

/// One reference update in a `git push --porcelain` report.
package struct PushedReference: Sendable, Equatable {
    /// The remote reference.
    package var remoteName: String
    /// The porcelain flag: `' '` fast-forward, `'+'` forced, `'-'` deleted, `'*'` new,
    /// `'!'` rejected, `'='` up to date.
    package var flag: Character
    /// git's summary and reason.
    package var summary: String

    /// Whether the remote took (or already had) the update.
    package var accepted: Bool { flag != "!" }

    /// Parses the lines of `git push --porcelain` output.
    package static func parse(porcelain: String) -> [PushedReference] {
        porcelain.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 3, let flag = fields[0].first else { return nil }
            let refs = fields[1].split(separator: ":")
            guard refs.count == 2 else { return nil }
            return PushedReference(remoteName: String(refs[1]), flag: flag, summary: String(fields[2]))
        }
    }
}
