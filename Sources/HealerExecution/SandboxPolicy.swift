// What a sandboxed command may touch and how long and how much memory it may use.

import Foundation
import HealerSystem

/// What a sandboxed command may write, whether it may use the network, and its limits.
package struct SandboxPolicy: Sendable, Hashable {
    /// The work tree: the command starts here and may write anywhere below it.
    package var workDirectory: String
    /// More directories the command may write, such as build caches (`~/.cache`) or the
    /// directory that receives test reports. Paths that do not exist are left out.
    package var writablePaths: [String]
    /// Directories made visible read-only at the same path, for those that ``BubblewrapSandbox``
    /// would otherwise hide (a virtual environment or tool folder under `/tmp`, which the
    /// sandbox replaces with a private empty one). Paths that do not exist are left out.
    package var readablePaths: [String]
    /// Directories mounted read-only at another path inside the sandbox, destination to source
    /// (the checkout's `node_modules` inside heal's worktree). Only ``BubblewrapSandbox`` can
    /// mount; ``PlainSandbox`` leaves them out.
    package var mountedPaths: [String: String]
    /// Whether the command may use the network; only ``BubblewrapSandbox`` can take it away.
    /// Allow it for dependency fetches (``ProjectCommands/fetch``), not for builds and tests.
    package var allowsNetwork: Bool
    /// The command's environment, or `nil` to inherit this process's. `TMPDIR` is always set
    /// to the private temporary directory.
    package var environment: [String: String]?
    /// The wall-clock limit, or `nil` for none.
    package var timeout: Duration?
    /// The address-space limit in bytes, or `nil` for none.
    package var memoryLimitBytes: Int?
    /// How many bytes of output to keep in memory.
    package var logLimitBytes: Int

    /// Creates a policy.
    ///
    /// - Parameters:
    ///   - workDirectory: The writable work tree the command starts in.
    ///   - writablePaths: More writable directories (caches, the report directory).
    ///   - readablePaths: Directories to keep visible read-only (tools under `/tmp`).
    ///   - mountedPaths: Read-only mounts, destination to source.
    ///   - allowsNetwork: Whether the network stays reachable (default no).
    ///   - environment: The command's environment; `nil` inherits this process's.
    ///   - timeout: The wall-clock limit.
    ///   - memoryLimitBytes: The address-space limit in bytes.
    ///   - logLimitBytes: The in-memory log cap (default 8 MiB).
    package init(
        workDirectory: String,
        writablePaths: [String] = [],
        readablePaths: [String] = [],
        mountedPaths: [String: String] = [:],
        allowsNetwork: Bool = false,
        environment: [String: String]? = nil,
        timeout: Duration? = nil,
        memoryLimitBytes: Int? = nil,
        logLimitBytes: Int = ProcessRequest.defaultLogLimit
    ) {
        self.workDirectory = workDirectory
        self.writablePaths = writablePaths
        self.readablePaths = readablePaths
        self.mountedPaths = mountedPaths
        self.allowsNetwork = allowsNetwork
        self.environment = environment
        self.timeout = timeout
        self.memoryLimitBytes = memoryLimitBytes
        self.logLimitBytes = logLimitBytes
    }

    /// The usual build-cache directories under a home directory that exist on this machine:
    /// `~/.cache` (SwiftPM, pip, Go's build cache), `~/.npm`, `~/.cargo`, `~/go`, `~/.gradle`.
    ///
    /// - Parameter home: The home directory; defaults to `HOME`.
    /// - Returns: The existing directories, to add to ``writablePaths``.
    package static func buildCachePaths(home: String? = nil) -> [String] {
        let home = home ?? ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        return [".cache", ".npm", ".cargo", "go", ".gradle", ".m2", ".swiftpm"]
            .map { home + "/" + $0 }
            .filter { FileManager.default.fileExists(atPath: $0) }
    }

    /// The environment the command gets: the given or inherited one with `TMPDIR` replaced.
    func environment(temporaryDirectory: String) -> [String: String] {
        var values = environment ?? ProcessInfo.processInfo.environment
        values["TMPDIR"] = temporaryDirectory
        return values
    }
}
