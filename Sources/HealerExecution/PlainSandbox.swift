// The fallback backend: a time- and memory-limited process with no isolation.
import HealerSystem

/// Runs commands as plain processes: own process group, time and memory limits, a private
/// `TMPDIR`, but no isolation (network and the whole file system stay reachable).
package struct PlainSandbox: Sandbox, Hashable {
    /// Why commands run without isolation.
    package enum Reason: Sendable, Hashable {
        /// The configuration asked for `sandbox: none`.
        case chosen
        /// `bwrap` is not on `PATH`.
        case bubblewrapNotFound
        /// `bwrap` exists but cannot create its namespaces here; the text says how it failed.
        case bubblewrapRefused(String)
    }

    /// Why commands run without isolation.
    package let reason: Reason

    /// Creates the plain backend.
    ///
    /// - Parameter reason: Why no isolation is used; it shapes ``summary`` and ``warning``.
    package init(reason: Reason = .chosen) {
        self.reason = reason
    }

    /// `plain`.
    package var name: String { "plain" }

    /// One line for `healer doctor` that names the reason and the fix.
    package var summary: String {
        switch reason {
        case .chosen:
            return "plain process (sandbox: none): time and memory limits, no isolation"
        case .bubblewrapNotFound:
            return "plain process (bubblewrap not found): install bubblewrap"
        case .bubblewrapRefused(let why):
            return "plain process (bubblewrap refused to start: \(why)): allow unprivileged user namespaces"
                + " or set `sandbox: none`"
        }
    }

    /// A warning to print once when healer fell back to no isolation; `nil` when it was chosen.
    package var warning: String? {
        switch reason {
        case .chosen:
            return nil
        case .bubblewrapNotFound:
            return "warning: build and test commands run without a sandbox because bubblewrap is not"
                + " installed; they can reach the network and write outside the work tree."
                + " Install bubblewrap (apt-get install bubblewrap), or set `sandbox: none` in .healer.yml"
                + " to accept this and silence the warning."
        case .bubblewrapRefused(let why):
            return "warning: build and test commands run without a sandbox because bubblewrap cannot"
                + " start here (\(why)); they can reach the network and write outside the work tree."
                + " Allow unprivileged user namespaces, or set `sandbox: none` in .healer.yml to accept this."
        }
    }

    /// The command itself in the work tree, with `TMPDIR` pointing at the private directory.
    ///
    /// - Parameters:
    ///   - command: The command to run.
    ///   - policy: Its limits; writable paths and the network setting cannot be enforced here.
    ///   - temporaryDirectory: The command's private temporary directory.
    /// - Returns: The request to pass to ``ProcessRunner``.
    package func request(
        for command: Command, policy: SandboxPolicy, temporaryDirectory: String
    ) throws(ExecutionError) -> ProcessRequest {
        ProcessRequest(
            command, in: policy.workDirectory,
            environment: policy.environment(temporaryDirectory: temporaryDirectory),
            timeout: policy.timeout, memoryLimitBytes: policy.memoryLimitBytes,
            logLimitBytes: policy.logLimitBytes)
    }
}
