// What the roles need from the sandbox (the execution layer adapts to this).

/// What a sandboxed `shell_exec` tool returns.
package struct ShellResult: Sendable, Equatable {
    /// The exit status (or the signal number plus 128).
    package var exitCode: Int32
    /// Standard output and error, interleaved, possibly truncated.
    package var output: String
    /// Whether the time limit stopped the command.
    package var timedOut: Bool
    /// Creates a result.
    package init(exitCode: Int32, output: String, timedOut: Bool = false) {
        self.exitCode = exitCode
        self.output = output
        self.timedOut = timedOut
    }
}

/// Runs a shell command in the run's sandbox (no network, writable work tree only, time-limited).
package protocol ShellRunner: Sendable {
    /// Runs `command` with `sh -c` in the run's work tree, stopping it after `timeoutSeconds`.
    func exec(_ command: String, timeoutSeconds: Double) async throws -> ShellResult
}
