// Remotes: their names and default branches, fetch and push, through the git executable.
import Foundation

extension Repository {
    /// The names of the configured remotes (`git remote`), in git's order.
    ///
    /// - Throws: ``GitError/Code/command`` when git cannot run or fails.
    package func remotes() throws(GitError) -> [String] {
        try GitCommand(directory: commandDirectory).checked(["remote"]).stdout.split(separator: "\n").map(String.init)
    }

    /// The URL of `remote` (`git remote get-url`), or `nil` when there is no such remote.
    ///
    /// - Throws: ``GitError/Code/command`` only when git cannot run.
    package func remoteURL(_ remote: String) throws(GitError) -> String? {
        let output = try GitCommand(directory: commandDirectory).run(["remote", "get-url", remote])
        return output.status == 0 ? output.stdout.trimmingCharacters(in: .whitespacesAndNewlines) : nil
    }

    /// The short name of `remote`'s default branch (the target of `refs/remotes/<remote>/HEAD`,
    /// without the remote's prefix), or `nil` when the clone does not record one.
    ///
    /// - Throws: ``GitError/Code/command`` only when git cannot run.
    package func defaultBranch(remote: String) throws(GitError) -> String? {
        let output = try GitCommand(directory: commandDirectory).run(["symbolic-ref", "--quiet", "--short", "refs/remotes/\(remote)/HEAD"])
        guard output.status == 0 else { return nil }
        let name = output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let slash = name.firstIndex(of: "/") else { return nil }
        return String(name[name.index(after: slash)...])
    }

    /// Fetches `refspecs` from `remote` without tags and without writing `FETCH_HEAD`, pruning
    /// what the remote deleted; `environment` carries CI credentials or a hook guard.
    ///
    /// - Throws: ``GitError/Code/command`` with git's reason (credentials in URLs redacted) when
    ///   the fetch fails.
    package func fetch(_ refspecs: [String], from remote: String, environment: [String: String] = [:]) throws(GitError) {
        let command = GitCommand(directory: commandDirectory, environment: environment)
        let output = try command.run(["fetch", "--no-tags", "--prune", "--no-write-fetch-head", remote] + refspecs)
        guard output.status == 0 else {
            throw GitError(.command, "cannot fetch from '\(remote)': \(Self.failureReason(output.stderr)); check `git remote -v` and your network or credentials")
        }
    }

    /// One reference a push updates.
    package struct PushUpdate: Sendable, Equatable {
        /// What to push: an object id or a local reference.
        package var source: String
        /// The remote reference to update.
        package var destination: String
        /// With a lease, the push succeeds only while the remote reference is as the lease
        /// expects; without one, it must fast-forward.
        package var lease: Lease?

        /// What the remote reference must be for a leased update to go through.
        package enum Lease: Sendable, Equatable {
            /// The reference must not exist.
            case absent
            /// The reference must point at this object.
            case at(ObjectID)

            /// The lease for a reference expected at `value`, or absent when `nil`.
            package init(_ value: ObjectID?) { self = value.map { .at($0) } ?? .absent }
        }

        /// Creates an update of `destination` to `source`, with an optional lease.
        package init(_ source: String, to destination: String, lease: Lease? = nil) {
            self.source = source
            self.destination = destination
            self.lease = lease
        }
    }

    /// What a push did.
    package struct PushOutcome: Sendable {
        /// Whether git pushed every update.
        package var succeeded: Bool
        /// The remote's answer per reference (empty when git reached no remote).
        package var references: [PushedReference]
        /// git's reason when it failed, credentials in URLs redacted (`no output` when it gave none).
        package var reason: String
    }

    /// Pushes `updates` to `remote` without running the pre-push hook, all or nothing when
    /// `atomic`; `environment` carries CI credentials or a hook guard.
    ///
    /// A push the remote rejects (a lease lost, not a fast-forward) is an outcome, not an error.
    /// - Throws: ``GitError/Code/command`` only when git cannot run.
    package func push(_ updates: [PushUpdate], to remote: String, atomic: Bool = false,
                      environment: [String: String] = [:]) throws(GitError) -> PushOutcome {
        var arguments = ["push"] + (atomic ? ["--atomic"] : []) + ["--porcelain", "--no-verify", remote]
        for update in updates {
            switch update.lease {
            case .absent?: arguments.append("--force-with-lease=\(update.destination):")
            case .at(let expected)?: arguments.append("--force-with-lease=\(update.destination):\(expected.hex)")
            case nil: break
            }
        }
        arguments += updates.map { "\($0.source):\($0.destination)" }
        let output = try GitCommand(directory: commandDirectory, environment: environment).run(arguments)
        return PushOutcome(succeeded: output.status == 0, references: PushedReference.parse(porcelain: output.stdout),
                           reason: Self.failureReason(output.stderr))
    }

    /// git's reason from its error output, redacted, or `no output`.
    static func failureReason(_ stderr: String) -> String {
        GitCommand.redacted(GitCommand.reason(stderr) ?? "no output")
    }
}
