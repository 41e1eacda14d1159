// The sandbox protocol: a backend turns a command and a policy into a limited process request.

import Foundation
import HealerSystem

/// A way of running build and test commands with limits, in the style of swift-log's backends:
/// ``BubblewrapSandbox`` isolates, ``PlainSandbox`` only limits time and memory.
///
/// A backend only says how to wrap a command (``request(for:policy:temporaryDirectory:)``);
/// the shared ``run(_:policy:onLine:)`` creates the private temporary directory, runs the
/// request through ``ProcessRunner`` and removes the directory afterwards.
///
/// ```swift
/// let sandbox = try SandboxChoice.auto.makeSandbox()
/// if let warning = sandbox.warning { print(warning) }
/// let result = try sandbox.run(.shell("make test"), policy: SandboxPolicy(workDirectory: tree))
/// ```
package protocol Sandbox: Sendable {
    /// A short name: `bubblewrap` or `plain`.
    var name: String { get }
    /// One line for `healer doctor`, such as `bubblewrap 0.8.0: no network, read-only system`.
    var summary: String { get }
    /// A warning the caller prints once before running commands, or `nil` when there is none.
    var warning: String? { get }

    /// The process request that runs `command` under `policy`.
    ///
    /// - Parameters:
    ///   - command: The command to run.
    ///   - policy: The work tree, writable paths, limits and environment.
    ///   - temporaryDirectory: A fresh private directory to serve as the command's temporary
    ///     directory (`/tmp` inside bubblewrap, `TMPDIR` otherwise).
    /// - Throws: ``ExecutionError`` with code `invalidSandboxPolicy` when the policy cannot be applied.
    func request(for command: Command, policy: SandboxPolicy, temporaryDirectory: String)
        throws(ExecutionError) -> ProcessRequest
}

extension Sandbox {
    /// Runs a command under a policy, blocking the calling thread.
    ///
    /// - Parameters:
    ///   - command: The command to run.
    ///   - policy: The work tree, writable paths, limits and environment.
    ///   - onLine: Called with each complete output line as it arrives.
    /// - Returns: How the command ended, with its log.
    /// - Throws: ``ExecutionError`` when the command cannot be started or watched.
    package func run(
        _ command: Command, policy: SandboxPolicy, onLine: ((String) -> Void)? = nil
    ) throws(ExecutionError) -> ProcessResult {
        let temporary = try PrivateTemporaryDirectory()
        defer { temporary.remove() }
        let request = try request(for: command, policy: policy, temporaryDirectory: temporary.path)
        return try ProcessRunner.run(request, onLine: onLine)
    }

    /// Runs a command under a policy on a dedicated thread.
    ///
    /// - Parameters:
    ///   - command: The command to run.
    ///   - policy: The work tree, writable paths, limits and environment.
    ///   - onLine: Called with each complete output line as it arrives.
    /// - Returns: How the command ended, with its log.
    /// - Throws: ``ExecutionError`` when the command cannot be started or watched.
    package func run(
        _ command: Command, policy: SandboxPolicy, onLine: (@Sendable (String) -> Void)? = nil
    ) async throws(ExecutionError) -> ProcessResult {
        let temporary = try PrivateTemporaryDirectory()
        defer { temporary.remove() }
        let request = try request(for: command, policy: policy, temporaryDirectory: temporary.path)
        return try await ProcessRunner.run(request, onLine: onLine)
    }
}

/// A fresh directory under the system temporary directory, removed after the command.
struct PrivateTemporaryDirectory {
    let path: String

    init() throws(ExecutionError) {
        var template = Array((NSTemporaryDirectory() + "/healer-sandbox-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw ExecutionError(
                .systemCallFailed, "cannot create a private temporary directory in \(NSTemporaryDirectory())",
                fix: "check that the temporary directory exists and is writable (TMPDIR)", errno: errno)
        }
        path = String(cString: made)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
