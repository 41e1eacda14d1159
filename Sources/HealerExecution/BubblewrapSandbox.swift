// The isolating backend: bubblewrap with no network, a read-only system and a writable work tree.

import Foundation
import HealerSystem

/// Runs commands inside bubblewrap: the whole file system read-only, the work tree and the
/// policy's writable paths bound read-write, a private `/tmp`, fresh `/dev` and `/proc`, no
/// network (only a loopback interface of its own), its own pid namespace and session, and
/// torn down when healer dies. Time and memory limits apply as for every process.
///
/// Obtain one from ``SandboxChoice/makeSandbox(probe:)`` or ``probe(path:)``, which check that
/// bubblewrap can actually create its namespaces on this host.
package struct BubblewrapSandbox: Sandbox, Hashable {
    /// The absolute path of `bwrap`.
    package let executable: String
    /// The version `bwrap --version` reported, such as `0.8.0`.
    package let version: String

    /// Creates the backend for a known-good `bwrap`; prefer ``probe(path:)``, which checks it.
    ///
    /// - Parameters:
    ///   - executable: The absolute path of `bwrap`.
    ///   - version: Its version.
    package init(executable: String, version: String) {
        self.executable = executable
        self.version = version
    }

    /// `bubblewrap`.
    package var name: String { "bubblewrap" }

    /// One line for `healer doctor`, such as `bubblewrap 0.8.0: no network, read-only system`.
    package var summary: String { "bubblewrap \(version): no network, read-only system" }

    /// Always `nil`: nothing to warn about.
    package var warning: String? { nil }

    /// The `bwrap` invocation that runs `command` under `policy`.
    ///
    /// - Parameters:
    ///   - command: The command to run.
    ///   - policy: The work tree, writable paths, network setting and limits.
    ///   - temporaryDirectory: The host directory mounted as the command's `/tmp`.
    /// - Returns: The request to pass to ``ProcessRunner``.
    /// - Throws: ``ExecutionError`` with code `invalidSandboxPolicy` when the work tree does not exist.
    package func request(
        for command: Command, policy: SandboxPolicy, temporaryDirectory: String
    ) throws(ExecutionError) -> ProcessRequest {
        guard let workDirectory = BubblewrapSandbox.realPath(policy.workDirectory) else {
            throw ExecutionError(
                .invalidSandboxPolicy, "cannot sandbox a command in \(policy.workDirectory): the directory does not exist",
                fix: "create the work tree first or correct its path")
        }
        let arguments = [executable] + BubblewrapSandbox.options(
            workDirectory: workDirectory, writablePaths: policy.writablePaths, readablePaths: policy.readablePaths,
            mountedPaths: policy.mountedPaths, temporaryDirectory: temporaryDirectory, allowsNetwork: policy.allowsNetwork)
            + ["--"] + command.arguments
        return ProcessRequest(
            .argv(arguments), in: workDirectory,
            environment: policy.environment(temporaryDirectory: "/tmp"),
            timeout: policy.timeout, memoryLimitBytes: policy.memoryLimitBytes,
            logLimitBytes: policy.logLimitBytes)
    }

    /// The `bwrap` options for a work tree, before the `--` and the command.
    ///
    /// Bind mounts are made parents first: a later mount hides whatever an earlier one put
    /// below it, so a work tree or a virtual environment under `/tmp` must be bound after the
    /// private `/tmp`. A path both writable and readable is bound writable.
    ///
    /// - Parameters:
    ///   - workDirectory: The work tree, bound read-write; the command starts there.
    ///   - writablePaths: More directories bound read-write; missing ones are left out.
    ///   - readablePaths: Directories bound read-only at the same path (tools under `/tmp`); missing ones are left out.
    ///   - mountedPaths: Read-only mounts, destination to source; a missing source is left out.
    ///   - temporaryDirectory: The host directory bound as `/tmp`.
    ///   - allowsNetwork: Whether to keep the host network (for dependency fetches).
    /// - Returns: The options, ready to follow `bwrap`.
    package static func options(
        workDirectory: String, writablePaths: [String], readablePaths: [String] = [], mountedPaths: [String: String] = [:],
        temporaryDirectory: String, allowsNetwork: Bool = false
    ) -> [String] {
        var options = ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--bind", temporaryDirectory, "/tmp"]
        let writable = Set(writablePaths.compactMap(realPath) + [workDirectory])
        var binds: [String: (source: String, option: String)] = [:]
        for path in readablePaths.compactMap(realPath) { binds[path] = (path, "--ro-bind") }
        for (destination, source) in mountedPaths {
            if let source = realPath(source) { binds[destination] = (source, "--ro-bind") }
        }
        for path in writable { binds[path] = (path, "--bind") }
        let depth = { (path: String) in path.split(separator: "/").count }
        for destination in binds.keys.sorted(by: { (depth($0), $0) < (depth($1), $1) }) {
            if let bind = binds[destination] { options += [bind.option, bind.source, destination] }
        }
        options += ["--chdir", workDirectory]
        if !allowsNetwork { options.append("--unshare-net") }
        options += ["--unshare-pid", "--die-with-parent", "--new-session", "--setenv", "TMPDIR", "/tmp"]
        return options
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
