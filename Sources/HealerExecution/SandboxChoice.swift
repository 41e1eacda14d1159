// The sandbox setting of .healer.yml and how it becomes a backend.
import HealerSystem

/// Which sandbox to use, as set in `.healer.yml` (`sandbox: auto | bubblewrap | none`).
package enum SandboxChoice: String, Sendable, Hashable, CaseIterable, Codable {
    /// Bubblewrap when it works here, else a plain process with a warning.
    case auto
    /// Bubblewrap or an error that says how to get it.
    case bubblewrap
    /// A plain time- and memory-limited process, no isolation, no warning.
    case none

    /// The backend this choice gives on this host.
    ///
    /// - Parameter probe: What probing for bubblewrap found; defaults to the cached probe.
    /// - Returns: ``BubblewrapSandbox`` or ``PlainSandbox``.
    /// - Throws: ``ExecutionError`` with code `sandboxUnavailable` when `bubblewrap` was asked
    ///   for and cannot work here; the message says to install bubblewrap or set `sandbox: none`.
    package func makeSandbox(probe: BubblewrapProbe = BubblewrapSandbox.cachedProbe) throws(ExecutionError) -> any Sandbox {
        switch (self, probe) {
        case (.none, _):
            return PlainSandbox(reason: .chosen)
        case (_, .usable(let sandbox)):
            return sandbox
        case (.auto, .notFound):
            return PlainSandbox(reason: .bubblewrapNotFound)
        case (.auto, .refused(_, let reason)):
            return PlainSandbox(reason: .bubblewrapRefused(reason))
        case (.bubblewrap, .notFound):
            throw ExecutionError(
                .sandboxUnavailable, "sandbox: bubblewrap is set but bwrap is not on PATH",
                fix: "install bubblewrap (apt-get install bubblewrap) or set `sandbox: none` in .healer.yml")
        case (.bubblewrap, .refused(let executable, let reason)):
            throw ExecutionError(
                .sandboxUnavailable, "sandbox: bubblewrap is set but \(executable) cannot start a sandbox here: \(reason)",
                fix: "allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1, or run the"
                    + " container with user namespaces enabled) or set `sandbox: none` in .healer.yml")
        }
    }

    /// The line `healer doctor` prints for this choice: the backend's summary, or the error
    /// that says how to make the chosen sandbox work.
    ///
    /// - Parameter probe: What probing for bubblewrap found; defaults to the cached probe.
    /// - Returns: The line, and whether the choice can be satisfied here.
    package func doctorReport(probe: BubblewrapProbe = BubblewrapSandbox.cachedProbe) -> (ok: Bool, line: String) {
        do {
            return (true, try makeSandbox(probe: probe).summary)
        } catch {
            return (false, error.description)
        }
    }
}
