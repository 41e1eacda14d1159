// Finds bwrap and checks that it can create its namespaces on this host, once per process.

import Foundation
import HealerSystem

/// What probing for bubblewrap found.
package enum BubblewrapProbe: Sendable, Hashable {
    /// `bwrap` works here.
    case usable(BubblewrapSandbox)
    /// `bwrap` is not on `PATH`.
    case notFound
    /// `bwrap` exists but failed to start a sandboxed `true`; the text is its first error line.
    case refused(executable: String, reason: String)
}

extension BubblewrapSandbox {
    /// The probe of the current `PATH`, made on first use and kept for the life of the process.
    package static let cachedProbe: BubblewrapProbe = probe()

    /// Looks for `bwrap` and runs `true` inside it with the namespaces healer uses.
    ///
    /// A host can ship bwrap and still refuse unprivileged user namespaces (a hardened sysctl, a
    /// container without `CAP_SYS_ADMIN`), so finding the binary is not enough.
    ///
    /// - Parameter path: The `PATH` to search; defaults to this process's.
    /// - Returns: Whether bubblewrap is usable, missing, or refused.
    package static func probe(path: String? = nil) -> BubblewrapProbe {
        let searchPath = path ?? ProcessInfo.processInfo.environment["PATH"]
        guard let executable = ChildProcess.resolveExecutable("bwrap", path: searchPath) else {
            return .notFound
        }
        let directory = NSTemporaryDirectory()
        let trial = [executable, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
                     "--unshare-net", "--unshare-pid", "--die-with-parent", "--new-session", "true"]
        guard let result = try? ProcessRunner.run(
            ProcessRequest(.argv(trial), in: directory, timeout: .seconds(10)))
        else {
            return .refused(executable: executable, reason: "it could not be started")
        }
        guard result.succeeded else {
            let firstLine = result.logText.split(separator: "\n").first.map(String.init)
            return .refused(executable: executable, reason: firstLine ?? result.statusDescription)
        }
        let versionText = (try? ProcessRunner.run(
            ProcessRequest(.argv([executable, "--version"]), in: directory, timeout: .seconds(10))))?.logText ?? ""
        // `bwrap --version` prints "bubblewrap 0.8.0".
        let version = versionText.split(whereSeparator: \.isWhitespace).last.map(String.init) ?? "unknown version"
        return .usable(BubblewrapSandbox(executable: executable, version: version))
    }
}
